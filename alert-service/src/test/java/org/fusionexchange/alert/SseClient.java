package org.fusionexchange.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a Server-Sent Events stream line by line, with java.net.http, into events and comments, with timeouts. */
public final class SseClient implements AutoCloseable {

    /** An event (id, name, data) or a comment (comment set, the rest null). */
    public record Event(String id, String name, String data, String comment) {
        public JsonNode json() {
            try {
                return ContractExamples.JSON.readTree(data);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(URI uri, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .get(30, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            String body = String.join("\n", response.body().toList());
            throw new AssertionError("stream answered " + response.statusCode() + ": " + body);
        }
        return new SseClient(response);
    }

    public static HttpResponse<String> refused(URI uri, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, data.toString(), null));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, null, line.substring(1).trim()));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // closed
        }
    }

    /** The headers the stream was answered with. */
    public java.net.http.HttpHeaders headers() {
        return response.headers();
    }

    /** The next event with data (comments skipped), or an AssertionError after the timeout. */
    public Event nextEvent(Duration timeout) throws InterruptedException {
        return next(e -> e.data() != null, timeout, "event");
    }

    /** The next comment line, or an AssertionError after the timeout. */
    public String nextComment(Duration timeout) throws InterruptedException {
        return next(e -> e.comment() != null, timeout, "comment").comment();
    }

    private Event next(java.util.function.Predicate<Event> wanted, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** The events with data received until {@code quiet} passes without one (comments do not count). */
    public List<Event> eventsUntilQuiet(Duration quiet) throws InterruptedException {
        List<Event> received = new ArrayList<>();
        long deadline = System.nanoTime() + quiet.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                return received;
            }
            if (event.data() != null) {
                received.add(event);
                deadline = System.nanoTime() + quiet.toNanos();
            }
        }
    }

    /** Whether the server ended the stream within the timeout (the reader reached its end). */
    public boolean endsWithin(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return !reader.isAlive();
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
