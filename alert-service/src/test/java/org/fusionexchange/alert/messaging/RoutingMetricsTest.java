package org.fusionexchange.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Kafka Streams' own metrics are on /q/metrics: once a report was routed, the stream threads' commits are counted and
 * their latency is there, the figure that says what each transactional hop costs. Each of the stream threads
 * ({@code alert.routing.threads}, 2) has its own samples.
 */
@QuarkusTest
class RoutingMetricsTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @Test
    void theRoutingThreadsCommitsAndTheirLatencyAreOnTheMetricsEndpoint() {
        Exchange.demoDirectory(stack, directory);
        Exchange.routedOverdose(stack, alerts, Duration.ofSeconds(30));
        Exchange.await("a commit counted on /q/metrics", Duration.ofSeconds(30),
                () -> total("kafka_stream_thread_commit_total") > 0);
        // each stream thread has its own samples; one that had nothing to commit in the window has no average (NaN)
        double latency = samples("kafka_stream_thread_commit_latency_avg").stream().mapToDouble(Double::doubleValue)
                .max().orElse(-1);
        assertTrue(latency > 0 && latency < 60_000, "commit latency in ms: " + latency);
        assertTrue(total("kafka_stream_thread_process_total") > 0, "records processed");
        assertEquals(2, samples("kafka_stream_thread_commit_total").size(),
                "one commit count per stream thread: alert.routing.threads is 2 unless configured otherwise");
    }

    /** A metric summed over the stream threads. */
    private static double total(String metric) {
        return samples(metric).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** A metric's samples, one per stream thread (its {@code thread_id} tag); NaN samples left out. */
    private static List<Double> samples(String metric) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(metric) + "\\{[^}]*} ([0-9.E+-]+|NaN)$", Pattern.MULTILINE)
                .matcher(metrics);
        List<Double> samples = new ArrayList<>();
        while (m.find()) {
            if (!m.group(1).equals("NaN")) {
                samples.add(Double.parseDouble(m.group(1)));
            }
        }
        return samples;
    }
}
