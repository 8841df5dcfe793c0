package org.fusionexchange.system;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A Server-Sent Events subscription read on its own thread; every event is kept with the time it arrived. */
public final class SseStream implements AutoCloseable {

    /** One event as received: its id, its JSON data and when it arrived (System.nanoTime). */
    public record Event(String id, JsonNode data, long receivedNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<InputStream>> response;
    private volatile boolean closed;

    private SseStream(String url, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HTTP.sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        // read on a thread of its own: a plain thenAccept could run the endless read loop on whoever joins
        response.thenAcceptAsync(this::read, task -> {
            Thread reader = new Thread(task, "sse-" + url);
            reader.setDaemon(true);
            reader.start();
        });
    }

    public static SseStream open(String url, String token) {
        return new SseStream(url, token, null);
    }

    public static SseStream resume(String url, String token, String lastEventId) {
        return new SseStream(url, token, lastEventId);
    }

    /** Waits until the server answered the subscription with 200. */
    public SseStream awaitOpen() {
        HttpResponse<InputStream> answered = response.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        if (answered.statusCode() != 200) {
            throw new AssertionError("The stream answered " + answered.statusCode());
        }
        return this;
    }

    private void read(HttpResponse<InputStream> answered) {
        if (answered.statusCode() != 200) {
            return;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(answered.body(), StandardCharsets.UTF_8))) {
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (!closed && (line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, JSON.readTree(data.toString()), System.nanoTime()));
                    }
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (Exception e) {
            // the stream ended: closed by the test or by the server
        }
    }

    public List<Event> events() {
        return new ArrayList<>(events);
    }

    /** Waits up to the timeout for an event matching the predicate. */
    public Optional<Event> await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (Event event : events) {
                if (match.test(event.data())) {
                    return Optional.of(event);
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
        response.thenAccept(r -> {
            try {
                r.body().close();
            } catch (Exception e) {
                // already closed
            }
        });
        response.cancel(true);
    }
}
