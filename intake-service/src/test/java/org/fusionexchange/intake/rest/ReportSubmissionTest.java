package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.repository.CaseReportRepository;
import org.fusionexchange.intake.repository.ReportVersionRepository;
import org.fusionexchange.intake.service.IdempotencyKeyExpiry;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Submitting reports: one, again with an Idempotency-Key, in a batch; and who may read them back. */
@QuarkusTest
class ReportSubmissionTest {

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Inject
    CaseReportRepository reports;

    @Inject
    ReportVersionRepository versions;

    @Inject
    IdempotencyKeyExpiry expiry;

    @Inject
    EntityManager em;

    @Test
    void aSubmittedReportIsStoredWithLocationAndETagAndPublished() {
        String token = Tokens.of(stack, "tampa.reporter");
        ObjectNode report = SampleReports.overdose();
        Response created = given().auth().oauth2(token).contentType("application/json").body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(201)
                .header("ETag", "\"1\"")
                .body("id", notNullValue())
                .body("version", equalTo(1))
                .body("status", equalTo("ACTIVE"))
                .body("receivedAt", notNullValue())
                .extract().response();
        String id = created.path("id");
        assertThat(created.header("Location"), org.hamcrest.Matchers.endsWith("/api/v1/reports/" + id));

        given().auth().oauth2(token).when().get("/api/v1/reports/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("id", equalTo(id))
                .body("agency", equalTo("TAMPA-PD"))
                .body("externalRef", equalTo(report.get("externalRef").asText()))
                .body("overdose.naloxoneAdministered", equalTo(true))
                .body("retraction", nullValue());

        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, List.of(id), 1,
                Duration.ofSeconds(30), Duration.ofMillis(500));
        assertEquals(1, messages.size());
        assertEquals("ReportSubmitted", messages.get(0).value().path("type").asText());
        assertEquals(report.get("externalRef").asText(), messages.get(0).value().path("report").path("externalRef").asText());
    }

    @Test
    void aServiceAccountSubmitsForItsAgency() {
        String token = stack.keycloak().orElseThrow().clientToken("tampa-pd-rms", "demo-secret");
        String id = SampleReports.submit(token, SampleReports.minimal());
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).when().get("/api/v1/reports/" + id)
                .then().statusCode(200).body("agency", equalTo("TAMPA-PD"));
    }

    @Test
    void theAgencyFieldOfABodyIsIgnored() {
        String token = Tokens.of(stack, "tampa.reporter");
        ObjectNode report = SampleReports.drugSeizure();
        report.put("agency", "DEA");
        report.put("id", UUID.randomUUID().toString());
        report.put("version", 7);
        String id = given().auth().oauth2(token).contentType("application/json").body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(201).body("version", equalTo(1)).extract().path("id");
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id)
                .then().statusCode(200).body("agency", equalTo("TAMPA-PD")).body("version", equalTo(1));
        String agency = QuarkusTransaction.requiringNew().call(() -> reports.findById(UUID.fromString(id)).agency);
        assertEquals("TAMPA-PD", agency);
        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, List.of(id), 1,
                Duration.ofSeconds(30), Duration.ZERO);
        assertEquals("TAMPA-PD", messages.get(0).value().path("agency").asText());
        assertEquals("TAMPA-PD", messages.get(0).value().path("report").path("agency").asText());
    }

    @Test
    void anotherAgencyGetsNotFoundAndNeverSeesTheReportListed() {
        String id = SampleReports.submit(Tokens.of(stack, "tampa.reporter"), SampleReports.drugSeizure());
        String phoenix = Tokens.of(stack, "phoenix.reporter");
        given().auth().oauth2(phoenix).when().get("/api/v1/reports/" + id)
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(phoenix).contentType("application/json").header("If-Match", "\"1\"")
                .body(SampleReports.drugSeizure().toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(404);
        given().auth().oauth2(phoenix).contentType("application/json").body("{\"reason\":\"not mine\"}")
                .when().post("/api/v1/reports/" + id + "/retraction")
                .then().statusCode(404);
        given().auth().oauth2(phoenix).queryParam("size", 500).when().get("/api/v1/reports")
                .then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void aMalformedOrUnknownIdIsNotFound() {
        String token = Tokens.of(stack, "tampa.reporter");
        for (String id : List.of("not-a-uuid", "1-1-1-1-1", UUID.randomUUID().toString(), "%00", "' OR 1=1 --")) {
            given().auth().oauth2(token).when().get("/api/v1/reports/{id}", id)
                    .then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswersTheFirstReceiptAndStoresNothingNew() {
        String token = Tokens.of(stack, "tampa.reporter");
        String key = "key-" + UUID.randomUUID();
        ObjectNode report = SampleReports.drugSeizure();
        String ref = report.get("externalRef").asText();
        Response first = given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(201).extract().response();
        Response again = given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(report.toPrettyString())
                .when().post("/api/v1/reports")
                .then().statusCode(200).extract().response();
        assertEquals(first.path("id").toString(), again.path("id").toString());
        assertEquals(first.path("receivedAt").toString(), again.path("receivedAt").toString());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(1L, rowsWithRef(ref));

        ObjectNode other = report.deepCopy();
        other.put("headline", "Another headline under the same key");
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(other.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(1L, rowsWithRef(ref));
        UUID id = UUID.fromString(first.path("id"));
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> versions.count("reportId", id)),
                "one version, so one event, for the report, not one per request");
        assertEquals(1, CaseReportsTopic.await(stack, List.of(id.toString()), 1, Duration.ofSeconds(30),
                Duration.ofSeconds(1)).size());

        // the key is the agency's own: another agency's same key is a new report
        given().auth().oauth2(Tokens.of(stack, "phoenix.reporter")).header("Idempotency-Key", key)
                .contentType("application/json").body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(201).body("id", not(equalTo(first.path("id"))));
    }

    @Test
    void aBatchReplayedWithItsIdempotencyKeyAnswersTheFirstAnswerAndStoresNothingNew() {
        String token = Tokens.of(stack, "tampa.reporter");
        String key = "batch-" + UUID.randomUUID();
        ObjectNode first = SampleReports.drugSeizure();
        ObjectNode second = SampleReports.minimal();
        ObjectNode invalid = SampleReports.minimal().put("jurisdiction", "nowhere");
        ArrayNode items = SampleReports.JSON.createArrayNode().add(first).add(second).add(invalid).add(7);
        String body = items.toString();
        Response answer = given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(body).when().post("/api/v1/reports/batch")
                .then().statusCode(200).body("accepted", equalTo(2)).body("rejected", equalTo(2))
                .extract().response();
        List<String> ids = List.of(answer.path("results[0].id"), answer.path("results[1].id"));
        String[] refs = { first.get("externalRef").asText(), second.get("externalRef").asText(),
                invalid.get("externalRef").asText() };

        // the same items, differently spaced: the very same answer, and nothing new stored or published
        Response replay = given().auth().oauth2(token).header("Idempotency-Key", key)
                .contentType("application/json").body(items.toPrettyString())
                .when().post("/api/v1/reports/batch")
                .then().statusCode(200).extract().response();
        assertEquals(answer.asString(), replay.asString());
        assertEquals(List.of(1L, 1L, 0L), List.of(rowsWithRef(refs[0]), rowsWithRef(refs[1]), rowsWithRef(refs[2])));
        assertEquals(2, CaseReportsTopic.await(stack, ids, 2, Duration.ofSeconds(30), Duration.ofSeconds(1)).size());

        // without the key, the same items are a new batch
        given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/api/v1/reports/batch")
                .then().statusCode(200).body("accepted", equalTo(2))
                .body("results[0].id", not(equalTo(ids.get(0))));
        assertEquals(2L, rowsWithRef(refs[0]));
    }

    @Test
    void aBatchIdempotencyKeyReusedWithOtherItemsIsAConflictAndStoresNothing() {
        String token = Tokens.of(stack, "tampa.reporter");
        String key = "batch-" + UUID.randomUUID();
        ObjectNode report = SampleReports.minimal();
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body("[" + report + "]").when().post("/api/v1/reports/batch")
                .then().statusCode(200).body("accepted", equalTo(1));
        ObjectNode other = SampleReports.minimal();
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body("[" + report + "," + other + "]").when().post("/api/v1/reports/batch")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("The Idempotency-Key was already used with another body."));
        assertEquals(1L, rowsWithRef(report.get("externalRef").asText()));
        assertEquals(0L, rowsWithRef(other.get("externalRef").asText()));
        // a single report under a batch's key is another body too
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(report.toString()).when().post("/api/v1/reports")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(1L, rowsWithRef(report.get("externalRef").asText()));
    }

    @Test
    void anIdempotencyKeyPastItsRetentionIsForgottenAndThenStartsANewReport() {
        String token = Tokens.of(stack, "tampa.reporter");
        String expiring = "key-" + UUID.randomUUID();
        String kept = "key-" + UUID.randomUUID();
        ObjectNode report = SampleReports.minimal();
        String first = submitWithKey(token, expiring, report, 201);
        String keptId = submitWithKey(token, kept, report, 201);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE idem_key = :key")
                .setParameter("key", expiring).executeUpdate());

        assertEquals(1, expiry.expire(), "only the backdated key expires");

        assertEquals(List.of(kept), QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT idem_key FROM idempotency_key WHERE idem_key IN (:keys)")
                .setParameter("keys", List.of(expiring, kept)).getResultList()));
        assertEquals(keptId, submitWithKey(token, kept, report, 200), "a key within its retention still replays");
        String again = submitWithKey(token, expiring, report, 201);
        assertNotEquals(first, again, "a forgotten key is a new submission");
    }

    private static String submitWithKey(String token, String key, ObjectNode report, int status) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json")
                .body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(status).extract().path("id");
    }

    @Test
    void anUnusableIdempotencyKeyIsABadRequest() {
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).header("Idempotency-Key", "x".repeat(129))
                .contentType("application/json").body(SampleReports.minimal().toString())
                .when().post("/api/v1/reports")
                .then().statusCode(400).body("errors[0].pointer", equalTo("Idempotency-Key"));
    }

    @Test
    void aBodyOver256KiBIsPayloadTooLarge() {
        ObjectNode report = SampleReports.drugSeizure();
        report.put("narrative", "n".repeat(300 * 1024));
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).contentType("application/json")
                .body(report.toString())
                .when().post("/api/v1/reports")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        assertEquals(0L, rowsWithRef(report.get("externalRef").asText()));
    }

    @Test
    void theListIsFilteredByTypeAndSinceAndPaged() {
        String token = Tokens.of(stack, "phoenix.reporter");
        Instant since = Instant.now();
        for (int i = 0; i < 3; i++) {
            ObjectNode report = i == 0 ? SampleReports.overdose() : SampleReports.drugSeizure();
            report.put("jurisdiction", "US-AZ-04013");
            given().auth().oauth2(token).contentType("application/json").body(report.toString())
                    .when().post("/api/v1/reports").then().statusCode(201);
        }
        given().auth().oauth2(token).queryParam("since", since.toString()).queryParam("size", 2)
                .when().get("/api/v1/reports")
                .then().statusCode(200).body("items", hasSize(2)).body("next", notNullValue());
        given().auth().oauth2(token).queryParam("since", since.toString()).queryParam("type", "OVERDOSE")
                .when().get("/api/v1/reports")
                .then().statusCode(200).body("items", hasSize(1)).body("items.type", everyItem(equalTo("OVERDOSE")))
                .body("next", nullValue());
        given().auth().oauth2(token).queryParam("type", "BURGLARY").when().get("/api/v1/reports")
                .then().statusCode(400).body("errors[0].pointer", equalTo("type"));
        given().auth().oauth2(token).queryParam("since", "last week").when().get("/api/v1/reports")
                .then().statusCode(400).body("errors[0].pointer", equalTo("since"));
    }

    @Test
    void aBatchStoresTheValidItemsAndAnswersEachInOrder() {
        String token = Tokens.of(stack, "tampa.reporter");
        ArrayNode batch = SampleReports.JSON.createArrayNode();
        ObjectNode good0 = SampleReports.drugSeizure();
        ObjectNode invalid1 = SampleReports.drugSeizure();
        invalid1.put("jurisdiction", "Florida");
        ObjectNode wrongType2 = SampleReports.drugSeizure();
        wrongType2.put("type", "BURGLARY");
        ObjectNode good3 = SampleReports.overdose();
        batch.add(good0).add(invalid1).add(wrongType2).add(good3).add("not a report");
        Response response = given().auth().oauth2(token).contentType("application/json").body(batch.toString())
                .when().post("/api/v1/reports/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(3))
                .body("results.index", equalTo(List.of(0, 1, 2, 3, 4)))
                .body("results.status", equalTo(List.of(201, 422, 400, 201, 400)))
                .body("results[1].problem.errors[0].pointer", equalTo("/1/jurisdiction"))
                .body("results[2].problem.errors[0].pointer", equalTo("/2/type"))
                .body("results[0].version", equalTo(1))
                .extract().response();
        String id0 = response.path("results[0].id");
        String id3 = response.path("results[3].id");
        assertEquals(1L, rowsWithRef(good0.get("externalRef").asText()));
        assertEquals(0L, rowsWithRef(invalid1.get("externalRef").asText()));
        assertEquals(0L, rowsWithRef(wrongType2.get("externalRef").asText()));
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id3).then().statusCode(200)
                .body("type", equalTo("OVERDOSE"));
        assertEquals(2, CaseReportsTopic.await(stack, List.of(id0, id3), 2, Duration.ofSeconds(30),
                Duration.ofMillis(500)).size());
    }

    @Test
    void aBatchOfMoreThan1000IsTooLargeAndStoresNothing() {
        ArrayNode batch = SampleReports.JSON.createArrayNode();
        String ref = SampleReports.uniqueRef("BIG");
        for (int i = 0; i < 1001; i++) {
            batch.add(SampleReports.minimal().put("externalRef", ref));
        }
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).contentType("application/json")
                .body(batch.toString())
                .when().post("/api/v1/reports/batch")
                .then().statusCode(413).contentType("application/problem+json");
        assertEquals(0L, rowsWithRef(ref));
    }

    @Test
    void aBatchThatIsNotAnArrayIsABadRequest() {
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).contentType("application/json")
                .body(SampleReports.minimal().toString())
                .when().post("/api/v1/reports/batch")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void simultaneousSubmissionsAreEachStoredAndPublishedOnceWithTheirOwnReceipt() throws Exception {
        // single reports sent together are committed in shared transactions (service/GroupCommit)
        String token = Tokens.of(stack, "tampa.reporter");
        int count = 48;
        ExecutorService senders = Executors.newFixedThreadPool(24);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ObjectNode report = SampleReports.overdose();
                refs.add(report.get("externalRef").asText());
                answers.add(senders.submit(() -> given().auth().oauth2(token).contentType("application/json")
                        .body(report.toString()).when().post("/api/v1/reports").then().extract().response()));
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Response answer = answers.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(201, answer.statusCode(), answer.asString());
                ids.add(answer.path("id"));
                given().auth().oauth2(token).when().get("/api/v1/reports/" + answer.path("id"))
                        .then().statusCode(200).body("externalRef", equalTo(refs.get(i)));
            }
            assertEquals(count, new HashSet<>(ids).size(), "one report per submission");
            for (String ref : refs) {
                assertEquals(1, rowsWithRef(ref), ref);
            }
            List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, ids, count,
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertEquals(count, messages.size());
            assertEquals(new HashSet<>(ids), messages.stream().map(m -> m.value().path("reportId").asText())
                    .collect(Collectors.toSet()));
        } finally {
            senders.shutdownNow();
        }
    }

    private long rowsWithRef(String ref) {
        return QuarkusTransaction.requiringNew().call(() -> reports.count("externalRef", ref));
    }
}
