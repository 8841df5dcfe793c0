package org.fusionexchange.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An analyst's SSE subscription: records when the first alert of each report arrived (System.nanoTime), by report
 * id. The id is found in the text, not by parsing the alert: the generator reads tens of thousands of alerts a
 * second on the two cores the services use too.
 */
final class AlertStream implements AutoCloseable {

    private static final String REPORT_ID = "\"reportId\":\"";
    private static final Duration TOO_MANY_STREAMS_WAIT = Duration.ofSeconds(40);

    private final String user;
    private final long openedNanos = System.nanoTime();
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final InputStream body;
    private final Thread reader;

    AlertStream(String url, String user, String token) throws Exception {
        this.user = user;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        // streams closed by the previous stage may still count against the analyst's limit until the server notices
        long giveUp = System.nanoTime() + TOO_MANY_STREAMS_WAIT.toNanos();
        while (response.statusCode() == 429 && System.nanoTime() < giveUp) {
            response.body().close();
            Thread.sleep(2_000);
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IllegalStateException("The alert stream of " + user + " answered " + response.statusCode());
        }
        body = response.body();
        reader = new Thread(this::read, "alert-stream-" + user);
        reader.setDaemon(true);
        reader.start();
        // the stream opens with a comment line once it is subscribed to live alerts
        if (!opened.await(15, TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("The alert stream of " + user + " sent nothing within 15 s");
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8),
                64 * 1024)) {
            String line;
            while ((line = lines.readLine()) != null) {
                opened.countDown();
                if (line.startsWith("data:")) {
                    long now = System.nanoTime();
                    String reportId = reportIdOf(line);
                    if (!reportId.isEmpty()) {
                        arrivals.putIfAbsent(reportId, now);
                    }
                }
            }
        } catch (Exception e) {
            // closed by us, or by the server at the token's expiry
        }
    }

    static String reportIdOf(String alert) {
        int at = alert.indexOf(REPORT_ID);
        int from = at + REPORT_ID.length();
        int to = at < 0 ? -1 : alert.indexOf('"', from);
        return to < 0 ? "" : alert.substring(from, to);
    }

    String user() {
        return user;
    }

    /** When the first alert of the report arrived; null if none has. */
    Long arrival(String reportId) {
        return arrivals.get(reportId);
    }

    /** Forgets what arrived: each stage counts its own reports. */
    void clear() {
        arrivals.clear();
    }

    /** Whether the stream is still read and will stay open for the time given (its token lives 300 s). */
    boolean usableFor(Duration time) {
        return reader.isAlive() && System.nanoTime() - openedNanos + time.toNanos() < TimeUnit.SECONDS.toNanos(280);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
