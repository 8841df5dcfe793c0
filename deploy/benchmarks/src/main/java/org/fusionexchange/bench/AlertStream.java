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

import com.fasterxml.jackson.databind.ObjectMapper;

/** An analyst's SSE subscription; records when each report's alert arrived (System.nanoTime), by report id. */
final class AlertStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile InputStream body;

    AlertStream(String url, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The alert stream answered " + response.statusCode());
        }
        body = response.body();
        reader = new Thread(this::read, "alert-stream");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    long now = System.nanoTime();
                    String reportId = JSON.readTree(line.substring(5).trim()).path("reportId").asText();
                    arrivals.putIfAbsent(reportId, now);
                }
            }
        } catch (Exception e) {
            // closed
        }
    }

    Long arrival(String reportId) {
        return arrivals.get(reportId);
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
