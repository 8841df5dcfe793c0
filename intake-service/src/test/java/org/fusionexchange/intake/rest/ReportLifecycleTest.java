package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.contract.CaseReportSchema;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/** Amend and retract: new versions guarded by If-Match, each one event on case-reports, in order. */
@QuarkusTest
class ReportLifecycleTest {

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void submitAmendAndRetractPublishThreeVersionsInOrderFollowingTheContract() {
        String token = Tokens.of(stack, "tampa.reporter");
        ObjectNode report = SampleReports.overdose();
        String id = SampleReports.submit(token, report);

        ObjectNode amended = report.deepCopy();
        amended.put("headline", "Non-fatal overdose, fentanyl pills confirmed by field test");
        amended.put("severity", "Extreme");
        given().auth().oauth2(token).contentType("application/json").body(amended.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(428).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"2\"")
                .body(amended.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                .body(amended.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2))
                .body("status", equalTo("ACTIVE"));
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                .body(amended.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(412);
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("headline", equalTo("Non-fatal overdose, fentanyl pills confirmed by field test"))
                .body("severity", equalTo("Extreme"));

        given().auth().oauth2(token).contentType("application/json").body("{\"reason\":\"\"}")
                .when().post("/api/v1/reports/" + id + "/retraction")
                .then().statusCode(422).body("errors[0].pointer", equalTo("/reason"));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"reason\":\"Entered under the wrong case number\"}")
                .when().post("/api/v1/reports/" + id + "/retraction")
                .then().statusCode(200).header("ETag", "\"3\"").body("version", equalTo(3))
                .body("status", equalTo("RETRACTED"));

        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"3\"")
                .body(amended.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"reason\":\"again\"}")
                .when().post("/api/v1/reports/" + id + "/retraction")
                .then().statusCode(409);
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id)
                .then().statusCode(200).header("ETag", "\"3\"")
                .body("status", equalTo("RETRACTED"))
                .body("retraction.reason", equalTo("Entered under the wrong case number"))
                .body("headline", equalTo("Non-fatal overdose, fentanyl pills confirmed by field test"));

        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, List.of(id), 3,
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertEquals(List.of("ReportSubmitted", "ReportAmended", "ReportRetracted"),
                messages.stream().map(m -> m.value().path("type").asText()).toList());
        assertEquals(List.of(1, 2, 3), messages.stream().map(m -> m.value().path("version").asInt()).toList());
        assertEquals(List.of(1, 2, 3),
                messages.stream().map(m -> m.value().path("report").path("version").asInt()).toList());
        assertEquals(List.of("ACTIVE", "ACTIVE", "RETRACTED"),
                messages.stream().map(m -> m.value().path("report").path("status").asText()).toList());
        assertEquals(1, messages.stream().map(CaseReportsTopic.Message::partition).distinct().count());
        for (CaseReportsTopic.Message message : messages) {
            assertEquals(List.of(), CaseReportSchema.violations(message.value()), message.value().toString());
            assertEquals(List.of(), CaseReportSchema.headerViolations(message.key(), message.headers(),
                    message.value()));
            assertEquals(id, message.value().path("reportId").asText());
        }
        assertEquals(3, messages.stream().map(m -> m.value().path("eventId").asText()).distinct().count());
    }

    @Test
    void aWeakOrStarIfMatchIsAccepted() {
        String token = Tokens.of(stack, "tampa.reporter");
        ObjectNode report = SampleReports.drugSeizure();
        String id = SampleReports.submit(token, report);
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "W/\"1\"")
                .body(report.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(200).body("version", equalTo(2));
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "*")
                .body(report.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(200).body("version", equalTo(3));
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"banana\"")
                .body(report.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(412);
    }

    @Test
    void anInvalidAmendmentIsRefusedAndChangesNothing() {
        String token = Tokens.of(stack, "tampa.reporter");
        ObjectNode report = SampleReports.drugSeizure();
        String id = SampleReports.submit(token, report);
        report.put("occurredAt", "soon");
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                .body(report.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(422).body("errors[0].pointer", equalTo("/occurredAt"));
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id)
                .then().statusCode(200).header("ETag", "\"1\"");
    }
}
