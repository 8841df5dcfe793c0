package org.fusionexchange.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.inject.Inject;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.DemoDirectory;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.Exchange.Published;
import org.fusionexchange.alert.SseClient;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Entitlement decides content, message by message (issue 14, point 1): a recipient that loses its entitlement gets
 * a Cancel carrying identifiers and a reason only, and an Update carries the new version to the recipients entitled
 * to it. Every message to every recipient is checked field by field on the alerts topic, and each is the same in the
 * recipient's REST list and by id (and, for one case, on its SSE stream).
 */
@QuarkusTest
class CancelContentTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** All that a Cancel carries. */
    private static final Set<String> CANCEL_FIELDS = Set.of("id", "seq", "recipient", "reportId", "reportVersion",
            "references", "msgType", "cancelReason", "sent", "createdAt");
    private static final Map<String, String> ANALYSTS = Map.of("HCSO", "hcso.analyst", "FL-FUSION", "fl.analyst",
            "DEA", "dea.analyst", "TAMPA-BAY-TF", "tampabay.analyst", "PCSO", "pcso.analyst");
    private static final List<String> AMBER_RECIPIENTS = List.of("DEA", "FL-FUSION", "HCSO", "TAMPA-BAY-TF");

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @TestHTTPResource("/api/v1/alerts/stream")
    URI stream;

    /** What one recipient must get for one version: the version's content (and why), or a Cancel (and why). */
    private record Expected(String msgType, String reason, ObjectNode version) {
        static Expected alert(String reason, ObjectNode version) {
            return new Expected("Alert", reason, version);
        }

        static Expected update(String reason, ObjectNode version) {
            return new Expected("Update", reason, version);
        }

        static Expected cancel(String cancelReason) {
            return new Expected("Cancel", cancelReason, null);
        }
    }

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void amberToRedCancelCarriesOnlyIdentifiers() throws Exception {
        UUID reportId = UUID.randomUUID();
        ObjectNode submitted = Exchange.report("overdose-tampa-submitted.json", reportId);
        ObjectNode red = Exchange.report("overdose-tampa-amended.json", reportId);
        report(red).put("headline", "Named source: fentanyl press at a Ybor City address");
        report(red).putObject("location").put("lat", 27.9601).put("lon", -82.4363);
        ((ObjectNode) report(red).get("marking")).put("tlp", "RED").putArray("recipients").add("DEA");
        long hcsoFirst = send(reportId, 8, submitted, red).get("HCSO v1").get("seq").asLong();

        Map<String, JsonNode> messages = assertMessages(reportId, Map.of(1, amberAlerts(submitted), 2, Map.of(
                "DEA", Expected.update("NAMED", red),
                "HCSO", Expected.cancel("MARKING_CHANGED"),
                "FL-FUSION", Expected.cancel("MARKING_CHANGED"),
                "TAMPA-BAY-TF", Expected.cancel("MARKING_CHANGED"))));
        JsonNode deaUpdate = messages.get("DEA v2");
        assertEquals("Named source: fentanyl press at a Ybor City address", deaUpdate.get("headline").asText());
        assertEquals("RED", deaUpdate.at("/marking/tlp").asText());
        assertEquals(27.9601, deaUpdate.at("/area/point/lat").asDouble());

        // the same Cancel on HCSO's stream, replayed after its first alert, through a topic filter
        try (SseClient client = SseClient.open(URI.create(stream + "?topics=overdose&lastEventId=" + hcsoFirst),
                Tokens.of(stack, "hcso.analyst"), Map.of())) {
            SseClient.Event cancel = client.eventsUntilQuiet(Duration.ofSeconds(3)).stream()
                    .filter(e -> reportId.toString().equals(e.json().path("reportId").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no Cancel of the report on HCSO's stream"));
            assertEquals(messages.get("HCSO v2"), cancel.json());
            assertEquals(messages.get("HCSO v2").get("seq").asText(), cancel.id());
        }
    }

    @Test
    void amberToAmberStrictCancelsTaskForceAndAgenciesUpAndDownWithIdentifiersOnly() {
        UUID reportId = UUID.randomUUID();
        ObjectNode submitted = Exchange.report("overdose-tampa-submitted.json", reportId);
        ObjectNode strict = Exchange.report("overdose-tampa-amended.json", reportId);
        ((ObjectNode) report(strict).get("marking")).put("tlp", "AMBER+STRICT");
        send(reportId, 8, submitted, strict);

        assertMessages(reportId, Map.of(1, amberAlerts(submitted), 2, Map.of(
                "HCSO", Expected.update("JURISDICTION", strict),
                "FL-FUSION", Expected.cancel("MARKING_CHANGED"),
                "DEA", Expected.cancel("MARKING_CHANGED"),
                "TAMPA-BAY-TF", Expected.cancel("MARKING_CHANGED"))));
    }

    @Test
    void aChangeOfJurisdictionCancelsTheCountyNoLongerCoveredAndAlertsTheNewOne() {
        UUID reportId = UUID.randomUUID();
        ObjectNode submitted = Exchange.report("overdose-tampa-submitted.json", reportId);
        ObjectNode pinellas = Exchange.report("overdose-tampa-amended.json", reportId);
        report(pinellas).put("jurisdiction", "US-FL-12103");
        report(pinellas).put("headline", "Overdose was in Clearwater, Pinellas County");
        report(pinellas).putObject("location").put("lat", 27.9659).put("lon", -82.8001);
        send(reportId, 9, submitted, pinellas);

        assertMessages(reportId, Map.of(1, amberAlerts(submitted), 2, Map.of(
                "HCSO", Expected.cancel("JURISDICTION_CHANGED"),
                "PCSO", Expected.alert("JURISDICTION", pinellas),
                "FL-FUSION", Expected.update("JURISDICTION", pinellas),
                "DEA", Expected.update("JURISDICTION", pinellas),
                "TAMPA-BAY-TF", Expected.update("TASK_FORCE", pinellas))));
    }

    @Test
    void aChangeOfTypeOutsideTheTaskForcesFocusCancelsItsAlert() {
        UUID reportId = UUID.randomUUID();
        ObjectNode submitted = Exchange.report("overdose-tampa-submitted.json", reportId);
        ObjectNode trafficking = Exchange.report("overdose-tampa-amended.json", reportId);
        report(trafficking).put("type", "TRAFFICKING");
        report(trafficking).put("headline", "Pills traced to a trafficking ring");
        send(reportId, 8, submitted, trafficking);

        assertMessages(reportId, Map.of(1, amberAlerts(submitted), 2, Map.of(
                "TAMPA-BAY-TF", Expected.cancel("TYPE_CHANGED"),
                "HCSO", Expected.update("JURISDICTION", trafficking),
                "FL-FUSION", Expected.update("JURISDICTION", trafficking),
                "DEA", Expected.update("JURISDICTION", trafficking))));
    }

    @Test
    void aRetractionCancelsEveryRecipientWithIdentifiersOnly() {
        UUID reportId = UUID.randomUUID();
        ObjectNode submitted = Exchange.report("overdose-tampa-submitted.json", reportId);
        ObjectNode amended = Exchange.report("overdose-tampa-amended.json", reportId);
        ObjectNode retracted = Exchange.report("overdose-tampa-retracted.json", reportId);
        send(reportId, 12, submitted, amended, retracted);

        Map<String, Expected> updates = new TreeMap<>();
        Map<String, Expected> cancels = new TreeMap<>();
        for (String agency : AMBER_RECIPIENTS) {
            updates.put(agency, Expected.update(agency.equals("TAMPA-BAY-TF") ? "TASK_FORCE" : "JURISDICTION",
                    amended));
            cancels.put(agency, Expected.cancel("RETRACTED"));
        }
        Map<String, JsonNode> messages = assertMessages(reportId,
                Map.of(1, amberAlerts(submitted), 2, updates, 3, cancels));
        for (String agency : AMBER_RECIPIENTS) {
            assertEquals(2, messages.get(agency + " v3").get("references").size(), "the Alert and the Update");
        }
    }

    /**
     * A suspended agency gets the Cancel of what it held, written at once and carrying nothing, and no Alert or
     * Update with content; once reinstated it finds the Cancels in its list. While suspended it cannot read them
     * (its API calls are refused).
     */
    @Test
    void aSuspendedAgencyGetsIdentifierOnlyCancelsItFindsWhenReinstated() {
        UUID amendedWhileSuspended = UUID.randomUUID();
        UUID redWhileSuspended = UUID.randomUUID();
        UUID retractedWhileSuspended = UUID.randomUUID();
        UUID submittedWhileSuspended = UUID.randomUUID();
        ObjectNode first = Exchange.report("overdose-tampa-submitted.json", amendedWhileSuspended);
        ObjectNode second = Exchange.report("overdose-tampa-submitted.json", redWhileSuspended);
        ObjectNode third = Exchange.report("overdose-tampa-submitted.json", retractedWhileSuspended);
        Exchange.send(stack, "case-reports", first, second, third);
        awaitStored(amendedWhileSuspended, 4);
        awaitStored(redWhileSuspended, 4);
        awaitStored(retractedWhileSuspended, 4);

        long version = directory.agency("HCSO").orElseThrow().version();
        setHcso("SUSPENDED", version + 1);
        try {
            ObjectNode amended = Exchange.report("overdose-tampa-amended.json", amendedWhileSuspended);
            ObjectNode red = Exchange.report("overdose-tampa-amended.json", redWhileSuspended);
            ((ObjectNode) report(red).get("marking")).put("tlp", "RED").putArray("recipients").add("DEA");
            ObjectNode retracted = Exchange.report("overdose-tampa-retracted.json", retractedWhileSuspended);
            ((ObjectNode) retracted.get("value")).put("version", 2);
            ObjectNode fresh = Exchange.report("overdose-tampa-submitted.json", submittedWhileSuspended);
            Exchange.send(stack, "case-reports", amended, red, retracted, fresh);
            awaitStored(amendedWhileSuspended, 8);
            awaitStored(redWhileSuspended, 8);
            awaitStored(retractedWhileSuspended, 8);
            awaitStored(submittedWhileSuspended, 3);

            Map<String, Expected> updated = new TreeMap<>(Map.of(
                    "HCSO", Expected.cancel("AGENCY_SUSPENDED"),
                    "FL-FUSION", Expected.update("JURISDICTION", amended),
                    "DEA", Expected.update("JURISDICTION", amended),
                    "TAMPA-BAY-TF", Expected.update("TASK_FORCE", amended)));
            assertTopicMessages(amendedWhileSuspended, Map.of(1, amberAlerts(first), 2, updated));
            // RED naming DEA: HCSO would lose it anyway, and the Cancel says why
            assertTopicMessages(redWhileSuspended, Map.of(1, amberAlerts(second), 2, Map.of(
                    "HCSO", Expected.cancel("MARKING_CHANGED"),
                    "DEA", Expected.update("NAMED", red),
                    "FL-FUSION", Expected.cancel("MARKING_CHANGED"),
                    "TAMPA-BAY-TF", Expected.cancel("MARKING_CHANGED"))));
            Map<String, Expected> retractions = new TreeMap<>();
            AMBER_RECIPIENTS.forEach(agency -> retractions.put(agency, Expected.cancel("RETRACTED")));
            assertTopicMessages(retractedWhileSuspended, Map.of(1, amberAlerts(third), 2, retractions));
            // a report submitted while HCSO is suspended does not reach it
            Map<String, Expected> withoutHcso = new TreeMap<>(amberAlerts(fresh));
            withoutHcso.remove("HCSO");
            assertTopicMessages(submittedWhileSuspended, Map.of(1, withoutHcso));
        } finally {
            setHcso("ACTIVE", version + 2);
        }

        // reinstated: its list shows the three Cancels, identifiers only, and nothing of the fresh report
        String token = Tokens.of(stack, "hcso.analyst");
        Exchange.await("HCSO readable again", WAIT, () -> given().auth().oauth2(token)
                .when().get("/api/v1/alerts").then().extract().statusCode() == 200);
        List<Map<String, Object>> listed = given().auth().oauth2(token).queryParam("size", 50)
                .when().get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath().getList("items");
        Map<String, String> cancelReasons = new TreeMap<>();
        for (Map<String, Object> item : listed) {
            String reportId = (String) item.get("reportId");
            if (Set.of(amendedWhileSuspended.toString(), redWhileSuspended.toString(),
                    retractedWhileSuspended.toString()).contains(reportId) && "Cancel".equals(item.get("msgType"))) {
                assertEquals(CANCEL_FIELDS, item.keySet(), "a Cancel in HCSO's list: " + item);
                assertEquals(1, ((List<?>) item.get("references")).size(), "HCSO's first alert: " + item);
                cancelReasons.put(reportId, (String) item.get("cancelReason"));
            }
            assertFalse(submittedWhileSuspended.toString().equals(reportId), "sent to HCSO while suspended: " + item);
        }
        assertEquals(new TreeMap<>(Map.of(amendedWhileSuspended.toString(), "AGENCY_SUSPENDED",
                redWhileSuspended.toString(), "MARKING_CHANGED", retractedWhileSuspended.toString(), "RETRACTED")),
                cancelReasons);
    }

    private void setHcso(String status, long version) {
        Exchange.send(stack, "directory.agencies",
                DemoDirectory.message("HCSO", "LOCAL", List.of("US-FL-12057"), List.of(), status, version));
        Exchange.await("HCSO " + status + " in the routing view", WAIT,
                () -> directory.agency("HCSO").orElseThrow().version() == version);
    }

    /** The four recipients of a TAMPA-PD AMBER overdose in Hillsborough, each with an Alert of it. */
    private static Map<String, Expected> amberAlerts(ObjectNode submitted) {
        return Map.of("HCSO", Expected.alert("JURISDICTION", submitted),
                "FL-FUSION", Expected.alert("JURISDICTION", submitted),
                "DEA", Expected.alert("JURISDICTION", submitted),
                "TAMPA-BAY-TF", Expected.alert("TASK_FORCE", submitted));
    }

    private static ObjectNode report(ObjectNode message) {
        return (ObjectNode) message.at("/value/report");
    }

    /** Sends the versions, waits for {@code count} alerts of the report, and returns them from the topic. */
    private Map<String, JsonNode> send(UUID reportId, int count, ObjectNode... versions) {
        Exchange.send(stack, "case-reports", versions);
        awaitStored(reportId, count);
        return published(reportId, count);
    }

    /**
     * Checks every message of the report on the alerts topic against the expectations (by version, then recipient;
     * nothing more, nothing less), and that each recipient's REST list and REST by id show each one identically.
     */
    private Map<String, JsonNode> assertMessages(UUID reportId, Map<Integer, Map<String, Expected>> expected) {
        Map<String, JsonNode> messages = assertTopicMessages(reportId, expected);
        for (Map.Entry<String, JsonNode> message : messages.entrySet()) {
            JsonNode alert = message.getValue();
            String token = Tokens.of(stack, ANALYSTS.get(alert.get("recipient").asText()));
            JsonNode byId = json(given().auth().oauth2(token)
                    .when().get("/api/v1/alerts/" + alert.get("id").asText())
                    .then().statusCode(200).extract().asString());
            assertEquals(alert, byId, "REST by id of " + message.getKey());
            JsonNode page = json(given().auth().oauth2(token).queryParam("size", 50)
                    .when().get("/api/v1/alerts")
                    .then().statusCode(200).extract().asString());
            JsonNode listed = null;
            for (JsonNode item : page.get("items")) {
                if (item.get("id").equals(alert.get("id"))) {
                    listed = item;
                }
            }
            assertEquals(alert, listed, "REST list of " + message.getKey());
        }
        return messages;
    }

    /** The topic's messages of the report, "AGENCY vN" -> value, each checked against its expectation. */
    private Map<String, JsonNode> assertTopicMessages(UUID reportId, Map<Integer, Map<String, Expected>> expected) {
        int count = expected.values().stream().mapToInt(Map::size).sum();
        Map<String, JsonNode> messages = published(reportId, count);
        Set<String> expectedKeys = new TreeSet<>();
        expected.forEach((version, byAgency) -> byAgency.keySet().forEach(a -> expectedKeys.add(a + " v" + version)));
        assertEquals(expectedKeys, messages.keySet(), "one message per recipient and version, no more");

        Map<String, List<String>> earlier = new TreeMap<>();
        for (int version : new TreeSet<>(expected.keySet())) {
            // the Cancels first: what must not leak is checked before anything else
            List<Map.Entry<String, Expected>> entries =
                    new ArrayList<>(new TreeMap<>(expected.get(version)).entrySet());
            entries.sort(Comparator.comparing(e -> !"Cancel".equals(e.getValue().msgType())));
            for (Map.Entry<String, Expected> e : entries) {
                String agency = e.getKey();
                JsonNode alert = messages.get(agency + " v" + version);
                String what = agency + " v" + version + ": " + alert;
                List<String> before = earlier.computeIfAbsent(agency, a -> new ArrayList<>());
                assertEquals(agency, alert.get("recipient").asText(), what);
                assertEquals(reportId.toString(), alert.get("reportId").asText(), what);
                assertEquals(version, alert.get("reportVersion").asInt(), what);
                assertEquals(e.getValue().msgType(), alert.get("msgType").asText(), what);
                if (e.getValue().version() == null) {
                    assertIdentifiersOnly(alert, e.getValue().reason(), before, what);
                } else {
                    assertContent(alert, e.getValue(), before, what);
                }
                before.add(alert.get("id").asText());
            }
        }
        return messages;
    }

    private static void assertIdentifiersOnly(JsonNode cancel, String cancelReason, List<String> earlier,
            String what) {
        assertEquals(CANCEL_FIELDS, fieldNames(cancel), what);
        assertEquals(cancelReason, cancel.get("cancelReason").asText(), what);
        assertEquals(earlier, texts(cancel.get("references")), "its own earlier alerts: " + what);
        assertNotNull(cancel.get("sent").asText(), what);
    }

    private static void assertContent(JsonNode alert, Expected expected, List<String> earlier, String what) {
        JsonNode report = expected.version().at("/value/report");
        assertEquals(expected.reason(), alert.get("reason").asText(), what);
        assertFalse(alert.has("cancelReason"), what);
        assertEquals(report.get("headline").asText(), alert.get("headline").asText(), what);
        assertEquals(report.get("jurisdiction").asText(), alert.at("/area/jurisdiction").asText(), what);
        assertEquals(report.get("location"), alert.at("/area/point"), what);
        assertEquals(report.at("/marking/tlp").asText(), alert.at("/marking/tlp").asText(), what);
        assertEquals(report.get("type").asText().toLowerCase().replace('_', '-'), alert.get("topic").asText(), what);
        assertEquals(report.get("severity").asText(), alert.get("severity").asText(), what);
        assertEquals("TAMPA-PD", alert.get("originator").asText(), what);
        assertEquals(expected.version().at("/value/time").asText(), alert.get("sent").asText(), what);
        if ("Update".equals(expected.msgType())) {
            assertEquals(earlier, texts(alert.get("references")), "its own earlier alerts: " + what);
        } else {
            assertFalse(alert.has("references"), what);
        }
        assertFalse(alert.toString().contains("narrative") || alert.toString().contains("John Doe"), what);
    }

    private Map<String, JsonNode> published(UUID reportId, int count) {
        Map<String, JsonNode> messages = new LinkedHashMap<>();
        for (Published record : Exchange.alertsOfReport(stack, reportId, count, WAIT)) {
            String key = record.value().get("recipient").asText() + " v" + record.value().get("reportVersion").asInt();
            assertEquals(null, messages.put(key, record.value()), "published twice: " + key);
            assertEquals(record.key(), record.value().get("recipient").asText());
        }
        return messages;
    }

    private void awaitStored(UUID reportId, int count) {
        Exchange.await(count + " alerts of report " + reportId, WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", reportId)) >= count);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> texts.add(n.asText()));
        }
        return texts;
    }

    private static JsonNode json(String body) {
        try {
            return ContractExamples.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
