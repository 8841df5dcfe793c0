package org.fusionexchange.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
 * Kafka Streams' own metrics are on /q/metrics: once a report was routed, the stream thread's commits are counted and
 * their latency is there, the figure that says what each transactional hop costs.
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
                () -> value("kafka_stream_thread_commit_total") > 0);
        double latency = value("kafka_stream_thread_commit_latency_avg");
        assertTrue(latency > 0 && latency < 60_000, "commit latency in ms: " + latency);
        assertTrue(value("kafka_stream_thread_process_total") > 0, "records processed");
    }

    /** The first sample of a metric, summed over nothing: any thread's (there is one in tests); NaN reads as -1. */
    private static double value(String metric) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(metric) + "\\{[^}]*} ([0-9.E+-]+|NaN)$", Pattern.MULTILINE)
                .matcher(metrics);
        if (!m.find() || m.group(1).equals("NaN")) {
            return -1;
        }
        return Double.parseDouble(m.group(1));
    }
}
