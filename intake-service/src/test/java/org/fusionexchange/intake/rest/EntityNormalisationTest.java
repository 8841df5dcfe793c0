package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.contract.CaseReportSchema;
import org.fusionexchange.intake.messaging.OutboxRelay;
import org.fusionexchange.intake.repository.ReportVersionRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 17's "entities are normalised", through HTTP and the real case-reports topic: phones as officers write them
 * and their E.164 on the event, VINs and plates in either case and their normalised form, what was written kept on
 * every read path, and what cannot be a phone refused with nothing stored or published.
 */
@QuarkusTest
class EntityNormalisationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    OutboxRelay relay;

    @Inject
    ReportVersionRepository versions;

    String token;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
        token = Tokens.of(stack, "tampa.reporter");
    }

    private static ObjectNode withPhones(String jurisdiction, String... numbers) {
        ObjectNode report = SampleReports.drugSeizure();
        report.put("jurisdiction", jurisdiction);
        ArrayNode phones = ((ObjectNode) report.get("entities")).putArray("phones");
        for (String number : numbers) {
            phones.addObject().put("number", number);
        }
        return report;
    }

    private static ObjectNode withVehicles(ObjectNode... vehicles) {
        ObjectNode report = SampleReports.drugSeizure();
        ((ObjectNode) report.get("entities")).putArray("vehicles").addAll(List.of(vehicles));
        return report;
    }

    private static ObjectNode vehicle(String plate, String plateState, String vin) {
        ObjectNode vehicle = SampleReports.JSON.createObjectNode();
        vehicle.put("plate", plate).put("plateState", plateState).put("vin", vin).put("make", "Honda");
        return vehicle;
    }

    private Map<String, JsonNode> eventsByReport(List<String> ids, int expected) {
        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, ids, expected, WAIT,
                Duration.ofMillis(500));
        assertEquals(expected, messages.size());
        for (CaseReportsTopic.Message message : messages) {
            assertEquals(List.of(), CaseReportSchema.violations(message.value()), message.value().toString());
        }
        return messages.stream().filter(m -> m.value().path("version").asInt() == 1)
                .collect(Collectors.toMap(CaseReportsTopic.Message::key, m -> m.value().get("report"), (a, b) -> a));
    }

    @Test
    void oneNumberWrittenNationallyOrInternationallyHasOneE164OnTheTopicAndItsSpellingEverywhereElse() {
        String national = SampleReports.submit(token, withPhones("US-FL-12057", "(813) 555-0147"));
        String international = SampleReports.submit(token, withPhones("US-FL-12057", "+1 813-555-0147"));
        String ecuador = SampleReports.submit(token, withPhones("EC", "02 123 4567", "+1 813 555 0147"));

        Map<String, JsonNode> events = eventsByReport(List.of(national, international, ecuador), 3);
        assertEquals(SampleReports.JSON.createArrayNode().add(SampleReports.JSON.createObjectNode()
                .put("number", "(813) 555-0147").put("e164", "+18135550147")),
                events.get(national).at("/entities/phones"));
        assertEquals("+18135550147", events.get(international).at("/entities/phones/0/e164").asText());
        assertEquals("+1 813-555-0147", events.get(international).at("/entities/phones/0/number").asText());
        // libphonenumber 9.0.43 reads 02 123 4567 in Ecuador (Quito's area code 2) as +593 2 123 4567
        assertEquals("+59321234567", events.get(ecuador).at("/entities/phones/0/e164").asText());
        assertEquals("+18135550147", events.get(ecuador).at("/entities/phones/1/e164").asText());

        // GET and the list keep what was written, and no normalised form
        given().auth().oauth2(token).when().get("/api/v1/reports/" + national)
                .then().statusCode(200)
                .body("entities.phones[0].number", equalTo("(813) 555-0147"))
                .body("entities.phones[0].e164", nullValue())
                .body("entities.phones[0].containsKey('e164')", equalTo(false));
        given().auth().oauth2(token).when().get("/api/v1/reports/" + ecuador)
                .then().statusCode(200)
                .body("entities.phones.number", equalTo(List.of("02 123 4567", "+1 813 555 0147")));
        given().auth().oauth2(token).queryParam("size", 500).when().get("/api/v1/reports")
                .then().statusCode(200).body("items.id", hasItem(national));
    }

    @Test
    void anAmendmentCarriesTheNormalisedFormsOfItsOwnEntities() {
        ObjectNode report = withPhones("US-FL-12057", "(813) 555-0147");
        String id = SampleReports.submit(token, report);
        ObjectNode amended = report.deepCopy();
        ((ObjectNode) amended.at("/entities/phones/0")).put("number", "813.555.0148");
        ((ObjectNode) amended.get("entities")).putArray("vehicles").add(vehicle("xyz 987", "ga", "1hgcm82633a004352"));
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                .body(amended.toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(200).body("version", equalTo(2));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"reason\":\"Duplicate\"}")
                .when().post("/api/v1/reports/" + id + "/retraction")
                .then().statusCode(200).body("version", equalTo(3));

        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, List.of(id), 3, WAIT,
                Duration.ofMillis(500));
        assertEquals(List.of("ReportSubmitted", "ReportAmended", "ReportRetracted"),
                messages.stream().map(m -> m.value().path("type").asText()).toList());
        for (CaseReportsTopic.Message message : messages) {
            assertEquals(List.of(), CaseReportSchema.violations(message.value()), message.value().toString());
        }
        assertEquals("+18135550147", messages.get(0).value().at("/report/entities/phones/0/e164").asText());
        for (CaseReportsTopic.Message later : messages.subList(1, 3)) {
            JsonNode entities = later.value().at("/report/entities");
            assertEquals("813.555.0148", entities.at("/phones/0/number").asText());
            assertEquals("+18135550148", entities.at("/phones/0/e164").asText());
            assertEquals("XYZ987", entities.at("/vehicles/0/normalized/plate").asText());
            assertEquals("GA", entities.at("/vehicles/0/normalized/plateState").asText());
            assertEquals("1HGCM82633A004352", entities.at("/vehicles/0/normalized/vin").asText());
            assertEquals("VALID", entities.at("/vehicles/0/normalized/vinCheck").asText());
        }
    }

    @Test
    void vinsAndPlatesAreNormalisedOnTheTopicAndAWrongCheckDigitIsFlaggedNotRefused() {
        String valid = SampleReports.submit(token, withVehicles(vehicle(null, null, "1hgcm82633a004352")));
        String wrongCheckDigit = SampleReports.submit(token, withVehicles(vehicle(null, null, "1hgcm82643a004352")));
        String plate = SampleReports.submit(token, withVehicles(vehicle("abc-123", "fl", null),
                vehicle("abc 123", "FL", "WVWZZZ1JZXW000001")));

        Map<String, JsonNode> events = eventsByReport(List.of(valid, wrongCheckDigit, plate), 3);
        assertEquals(normalized(null, null, "1HGCM82633A004352", "VALID"),
                events.get(valid).at("/entities/vehicles/0/normalized"));
        assertEquals("1hgcm82633a004352", events.get(valid).at("/entities/vehicles/0/vin").asText());
        assertEquals(normalized(null, null, "1HGCM82643A004352", "INVALID"),
                events.get(wrongCheckDigit).at("/entities/vehicles/0/normalized"));
        assertEquals(normalized("ABC123", "FL", null, null), events.get(plate).at("/entities/vehicles/0/normalized"));
        assertEquals(normalized("ABC123", "FL", "WVWZZZ1JZXW000001", "UNCHECKED"),
                events.get(plate).at("/entities/vehicles/1/normalized"));
        assertEquals("abc-123", events.get(plate).at("/entities/vehicles/0/plate").asText());
        assertEquals("fl", events.get(plate).at("/entities/vehicles/0/plateState").asText());

        given().auth().oauth2(token).when().get("/api/v1/reports/" + wrongCheckDigit)
                .then().statusCode(200)
                .body("entities.vehicles[0].vin", equalTo("1hgcm82643a004352"))
                .body("entities.vehicles[0].containsKey('normalized')", equalTo(false));
        given().auth().oauth2(token).when().get("/api/v1/reports/" + plate)
                .then().statusCode(200)
                .body("entities.vehicles[0].plate", equalTo("abc-123"))
                .body("entities.vehicles[0].plateState", equalTo("fl"));
    }

    private static JsonNode normalized(String plate, String plateState, String vin, String vinCheck) {
        return SampleReports.JSON.createObjectNode().put("plate", plate).put("plateState", plateState)
                .put("vin", vin).put("vinCheck", vinCheck);
    }

    @Test
    void whatCannotBeAPhoneIsRefusedAtItsPointerAndNeitherStoredNorPublished() {
        Instant before = Instant.now();
        Map<String, String> refused = Map.of(
                "12", "is too short for a phone number of US",
                "abc", "must be a phone number, such as (813) 555-0147, 813-555-0147 or +1 813-555-0147",
                "+999 1", "has no known country code after the +",
                "+1 813 555 0147" + " ".repeat(26), "must be at most 40 characters");
        List<String> refs = new java.util.ArrayList<>();
        for (Map.Entry<String, String> phone : refused.entrySet()) {
            ObjectNode report = withPhones("US-FL-12057", "(813) 555-0147", phone.getKey());
            refs.add(report.get("externalRef").asText());
            given().auth().oauth2(token).contentType("application/json").body(report.toString())
                    .when().post("/api/v1/reports")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors.size()", equalTo(1))
                    .body("errors[0].pointer", equalTo("/entities/phones/1/number"))
                    .body("errors[0].detail", equalTo(phone.getValue()));
        }
        // in a batch too, with the item's index in the pointer
        ObjectNode good = withPhones("US-FL-12057", "(813) 555-0147");
        ObjectNode bad = withPhones("US-FL-12057", "abc");
        refs.add(bad.get("externalRef").asText());
        given().auth().oauth2(token).contentType("application/json")
                .body("[" + bad + "," + good + "]")
                .when().post("/api/v1/reports/batch")
                .then().statusCode(200)
                .body("results[0].status", equalTo(422))
                .body("results[0].problem.errors[0].pointer", equalTo("/0/entities/phones/0/number"))
                .body("results[1].status", equalTo(201));

        List<String> stored = given().auth().oauth2(token).queryParam("since", before.toString())
                .queryParam("size", 500).when().get("/api/v1/reports")
                .then().statusCode(200).extract().path("items.externalRef");
        assertTrue(stored.contains(good.get("externalRef").asText()), stored.toString());
        for (String ref : refs) {
            assertFalse(stored.contains(ref), ref + " was stored");
        }
        String sentinel = SampleReports.submit(token, SampleReports.minimal());
        List<String> published = CaseReportsTopic.allUpTo(stack, sentinel, WAIT).stream()
                .map(m -> m.value().at("/report/externalRef").asText()).toList();
        assertTrue(published.contains(good.get("externalRef").asText()), "the batch's valid item is published");
        for (String ref : refs) {
            assertFalse(published.contains(ref), ref + " was published");
        }
    }

    @Test
    void aVersionStoredUnderTheOldRuleIsPublishedWithItsNormalisedFormsAndStillFollowsTheContract() {
        // the strict E.164 rule of before stored +12, which libphonenumber cannot read: such a version, still in the
        // outbox across the upgrade or amended later, is published with e164 null (it matches nothing)
        String id;
        relay.stop();
        try {
            id = SampleReports.submit(token, withPhones("US-FL-12057", "+18135550123", "+18135550124"));
            UUID reportId = UUID.fromString(id);
            QuarkusTransaction.requiringNew().run(() -> {
                String body = versions.bodyOf(reportId, 1);
                // and as jsonb text, the column's type before V6: a space after each colon and comma
                String legacy = body.replace("+18135550124", "+12").replace("\":", "\": ").replace(",\"", ", \"");
                assertEquals(1, versions.getEntityManager()
                        .createNativeQuery("UPDATE report_version SET body = :body WHERE report_id = :id")
                        .setParameter("body", legacy).setParameter("id", reportId).executeUpdate());
            });
        } finally {
            relay.start();
        }
        Map<String, JsonNode> events = eventsByReport(List.of(id), 1);
        JsonNode phones = events.get(id).at("/entities/phones");
        assertEquals("+18135550123", phones.at("/0/e164").asText());
        assertEquals("+12", phones.at("/1/number").asText());
        assertTrue(phones.at("/1/e164").isNull(), phones.toString());
        assertEquals(normalized("ABC1234", "FL", null, null), events.get(id).at("/entities/vehicles/0/normalized"));
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id)
                .then().statusCode(200).body("entities.phones[1].number", equalTo("+12"));
    }
}
