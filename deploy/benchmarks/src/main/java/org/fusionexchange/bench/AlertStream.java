package org.fusionexchange.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * An analyst's SSE subscription, read as a client should: when the server ends the stream (its token expired, or
 * the client fell a buffer behind), it connects again with a fresh token and {@code Last-Event-ID}, and the server
 * replays what was missed. Records when the first alert of each report arrived (System.nanoTime), by report id, and
 * the first message of each overdose spike, by county (a spike's alerts name no report); how many spike messages
 * came; and how often it had to connect again. The id is found in the text, not by parsing the alert: the generator
 * reads tens of thousands of alerts a second on the two cores the services use too.
 *
 * <p>For each report it also keeps when alert-service routed it: the first alert's {@code createdAt} (stamped by the
 * routing step, to the microsecond), on the System.nanoTime scale ({@link #nanosOf}). Services and generator share
 * this machine's clock, so the latency splits into before and after routing.
 */
final class AlertStream implements AutoCloseable {

    private static final String REPORT_ID = "\"reportId\":\"";
    private static final String CREATED_AT = "\"createdAt\":\"";
    /** System.nanoTime() minus the wall clock in nanoseconds, taken once: converts a wall-clock instant to nanoTime. */
    private static final long WALL_TO_NANO = System.nanoTime() - epochNanos(Instant.now());
    /** Only a spike's Alert and Update carry a county (a Cancel's spike holds its id and version only). */
    private static final String SPIKE_COUNTY = "\"county\":\"";
    private static final Duration TOO_MANY_STREAMS_WAIT = Duration.ofSeconds(40);

    private final String url;
    private final String user;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final long openedNanos = System.nanoTime();
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Map<String, Long> routed = new ConcurrentHashMap<>();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final AtomicInteger reconnects = new AtomicInteger();
    private final LongAdder spikeMessages = new LongAdder();
    private final Thread reader;
    private volatile InputStream body;
    private volatile boolean closed;
    /** The id of the last event received whole: where a new connection resumes. */
    private volatile String lastEventId;

    AlertStream(String url, String user, Supplier<String> token) throws Exception {
        this.url = url;
        this.user = user;
        this.token = token;
        body = connect();
        reader = new Thread(this::readAll, "alert-stream-" + user);
        reader.setDaemon(true);
        reader.start();
        // the stream opens with a comment line once it is subscribed to live alerts
        if (!opened.await(15, TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("The alert stream of " + user + " sent nothing within 15 s");
        }
    }

    private InputStream connect() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token.get()).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        // streams closed by the previous stage may still count against the analyst's limit until the server notices
        long giveUp = System.nanoTime() + TOO_MANY_STREAMS_WAIT.toNanos();
        while (response.statusCode() == 429 && System.nanoTime() < giveUp) {
            response.body().close();
            Thread.sleep(2_000);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("The alert stream of " + user + " answered " + response.statusCode());
        }
        return response.body();
    }

    private void readAll() {
        while (!closed) {
            try {
                read(body);
            } catch (IOException e) {
                // the server ended the stream, or the connection broke: resume below
            }
            while (!closed) {
                try {
                    body = connect();
                    reconnects.incrementAndGet();
                    break;
                } catch (IOException e) {
                    sleepQuietly();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void read(InputStream stream) throws IOException {
        String pendingId = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8),
                64 * 1024)) {
            String line;
            while ((line = lines.readLine()) != null) {
                opened.countDown();
                if (line.startsWith("data:")) {
                    long now = System.nanoTime();
                    String reportId = reportIdOf(line);
                    if (!reportId.isEmpty()) {
                        if (arrivals.putIfAbsent(reportId, now) == null) {
                            Long routedAt = nanosOf(textOf(line, CREATED_AT));
                            if (routedAt != null) {
                                routed.putIfAbsent(reportId, routedAt);
                            }
                        }
                    } else {
                        String county = textOf(line, SPIKE_COUNTY);
                        if (!county.isEmpty()) {
                            spikeMessages.increment();
                            arrivals.putIfAbsent(county, now);
                        }
                    }
                } else if (line.startsWith("id:")) {
                    pendingId = line.substring(3).trim();
                } else if (line.isEmpty() && pendingId != null) {
                    lastEventId = pendingId;
                    pendingId = null;
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String reportIdOf(String alert) {
        return textOf(alert, REPORT_ID);
    }

    /** The string value after the first occurrence of the field's opening given; empty if none. */
    private static String textOf(String alert, String field) {
        int at = alert.indexOf(field);
        int from = at + field.length();
        int to = at < 0 ? -1 : alert.indexOf('"', from);
        return to < 0 ? "" : alert.substring(from, to);
    }

    String user() {
        return user;
    }

    /** When alert-service routed the report whose first alert arrived here (System.nanoTime scale); null if unknown. */
    Long routed(String reportId) {
        return routed.get(reportId);
    }

    /** An ISO instant of this machine's wall clock on the System.nanoTime scale; null if it is not one. */
    static Long nanosOf(String instant) {
        try {
            return instant.isEmpty() ? null : epochNanos(Instant.parse(instant)) + WALL_TO_NANO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** When the first alert of the report arrived, or of the spike in the county given; null if none has. */
    Long arrival(String reportIdOrCounty) {
        return arrivals.get(reportIdOrCounty);
    }

    /** How many messages of spikes (Alerts and Updates) arrived since the stream was opened or cleared. */
    long spikeMessages() {
        return spikeMessages.sum();
    }

    /** How many times the stream connected again after the server ended it. */
    int reconnects() {
        return reconnects.get();
    }

    /** Forgets what arrived: each stage counts its own reports. */
    void clear() {
        arrivals.clear();
        routed.clear();
        spikeMessages.reset();
    }

    /** Whether the stream is still read and its first token lives for the time given (tokens live 300 s). */
    boolean usableFor(Duration time) {
        return reader.isAlive() && System.nanoTime() - openedNanos + time.toNanos() < TimeUnit.SECONDS.toNanos(280);
    }

    @Override
    public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing anyway
        }
        reader.interrupt();
    }
}
