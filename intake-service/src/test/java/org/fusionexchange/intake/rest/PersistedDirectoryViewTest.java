package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.fusionexchange.intake.KafkaDownStack;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.UnknownAgency;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Restarted while Kafka is down, the service answers with the directory view it persisted before, never with an
 * empty one: a suspended agency stays refused, an active one is served, one it never knew is refused.
 */
@QuarkusTest
@TestProfile(KafkaDownStack.WithPersistedView.class)
class PersistedDirectoryViewTest {

    @InjectFusionStack
    FusionStack stack;

    @Test
    void aRestartWhileKafkaIsDownServesThePersistedViewAndKeepsTheSuspendedAgencyOut() throws Exception {
        awaitReady(Duration.ofSeconds(30));
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'directory' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'directory' }.data.source", equalTo("persisted"))
                .body("checks.find { it.name == 'directory' }.data.agencies", equalTo(2));

        String phoenix = Tokens.of(stack, "phoenix.reporter");
        given().auth().oauth2(phoenix).contentType("application/json").body(SampleReports.minimal().toString())
                .when().post("/api/v1/reports")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("Agency PHOENIX-PD is suspended."));
        given().auth().oauth2(phoenix).when().get("/api/v1/reports").then().statusCode(403);

        // the active agency's report is accepted; the outbox holds it until Kafka is back
        String tampa = Tokens.of(stack, "tampa.reporter");
        given().auth().oauth2(tampa).contentType("application/json").body(SampleReports.minimal().toString())
                .when().post("/api/v1/reports")
                .then().statusCode(201);
        given().auth().oauth2(tampa).when().get("/api/v1/reports").then().statusCode(200)
                .body("items.size()", equalTo(1));

        // an agency the persisted view does not hold is refused, not waved through
        given().auth().oauth2(UnknownAgency.reporterToken(stack)).when().get("/api/v1/reports")
                .then().statusCode(403)
                .body("detail", equalTo("Agency " + UnknownAgency.CODE + " is not known to the directory."));
    }

    static void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && given().when().get("/q/health/ready").statusCode() != 200) {
            Thread.sleep(200);
        }
    }
}
