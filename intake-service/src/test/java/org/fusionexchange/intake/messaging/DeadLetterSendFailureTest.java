package org.fusionexchange.intake.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.Metrics;
import org.fusionexchange.intake.ReportListStatus;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A poison record on directory.agencies whose dead-letter send fails (here: a dead-letter topic intake-service's
 * principal has no ACL to write) is logged, counted and skipped: the consumer does not start over into the same
 * poison forever, so a suspension published after it is still enforced.
 */
@QuarkusTest
@TestProfile(DeadLetterSendFailureTest.DeadLetterTopicNotWritable.class)
class DeadLetterSendFailureTest {

    /** A dead-letter topic with no grant for intake-service (and not created): every send to it is refused. */
    public static class DeadLetterTopicNotWritable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("intake.directory.dead-letter-topic", "directory.agencies.dlq-not-granted");
        }
    }

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void aSuspensionAfterAPoisonThatCouldNotBeDeadLetteredIsEnforced() throws Exception {
        String token = Tokens.of(stack, "phoenix.reporter");
        given().auth().oauth2(token).when().get("/api/v1/reports").then().statusCode(200);
        double failedBefore = deadLettersFailed();
        long version = System.currentTimeMillis();
        // same key, so same partition: the poison is read before the suspension
        DirectoryTopic.send(stack, "PHOENIX-PD", "{\"code\": \"PHOENIX-PD\", ".getBytes(StandardCharsets.UTF_8));
        DirectoryTopic.publish(stack, DirectoryTopic.snapshot("PHOENIX-PD", "SUSPENDED", version));
        try {
            ReportListStatus.await(token, 403, Duration.ofSeconds(30));
            given().auth().oauth2(token).contentType("application/json")
                    .body(SampleReports.minimal().toString())
                    .when().post("/api/v1/reports")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", equalTo("Agency PHOENIX-PD is suspended."));
            given().auth().oauth2(token).when().get("/api/v1/reports")
                    .then().statusCode(403).contentType("application/problem+json");
            assertTrue(deadLettersFailed() >= failedBefore + 1,
                    "the dead-letter send that failed is counted in fusion_dead_letters_failed_total");
            given().when().get("/q/health/ready")
                    .then().body("checks.find { it.name == 'directory' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'directory' }.data.source", equalTo("kafka"));
        } finally {
            DirectoryTopic.publish(stack, DirectoryTopic.snapshot("PHOENIX-PD", "ACTIVE", version + 1));
        }
        ReportListStatus.await(token, 200, Duration.ofSeconds(30));
    }

    /** fusion_dead_letters_failed_total{topic="directory.agencies"} on /q/metrics, 0 before the first. */
    private static double deadLettersFailed() {
        return Metrics.value("fusion_dead_letters_failed_total", "topic=\"directory.agencies\"");
    }
}
