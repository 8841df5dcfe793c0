package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.fusionexchange.intake.KafkaDownStack;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.repository.CaseReportRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Started with no directory view persisted and Kafka unreachable, the service has nothing to tell a suspended or
 * unknown agency from a good one: it answers no /api request (503 with Retry-After) and is not ready.
 */
@QuarkusTest
@TestProfile(KafkaDownStack.WithoutView.class)
class DirectoryNotLoadedTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    CaseReportRepository reports;

    @Test
    void withoutAViewEveryApiRequestIsUnavailableAndReadinessIsDown() throws Exception {
        // longer than kafka-wait (2 s): an empty view is never served, however long Kafka stays away
        Thread.sleep(3_000);
        String token = Tokens.of(stack, "tampa.reporter");
        ObjectNode report = SampleReports.minimal();
        given().auth().oauth2(token).contentType("application/json").body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503));
        given().auth().oauth2(token).when().get("/api/v1/reports")
                .then().statusCode(503).header("Retry-After", "5");
        given().when().get("/api/v1/reports")
                .then().statusCode(503).contentType("application/problem+json");
        assertEquals(0L, QuarkusTransaction.requiringNew()
                .call(() -> reports.count("externalRef", report.get("externalRef").asText())));

        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'directory' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'directory' }.data.source", equalTo("none"));
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
