package org.fusionexchange.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.Exchange.Published;
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
import io.quarkus.test.junit.QuarkusTest;

/**
 * The intake-service's case-reports examples, fed to the real topic, become the right alerts: in the database, in
 * the API of each recipient, and on the alerts topic in the shape of this service's contract examples.
 */
@QuarkusTest
class AlertLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void submittedAmendedRetractedGivesAlertUpdateCancelToEveryRecipient() throws Exception {
        UUID reportId = UUID.randomUUID();
        Exchange.send(stack, "case-reports",
                Exchange.report("overdose-tampa-submitted.json", reportId),
                Exchange.report("overdose-tampa-amended.json", reportId),
                Exchange.report("overdose-tampa-retracted.json", reportId));

        awaitAlerts(reportId, 12);
        Map<String, String> expected = new TreeMap<>();
        for (String agency : List.of("HCSO", "FL-FUSION", "DEA", "TAMPA-BAY-TF")) {
            expected.put(agency + " v1", "Alert");
            expected.put(agency + " v2", "Update");
            expected.put(agency + " v3", "Cancel");
        }
        assertEquals(expected, storedAlerts(reportId));

        // each recipient sees its three alerts in its API, newest first
        String reportFilter = reportId.toString();
        List<Map<String, Object>> hcso = given().auth().oauth2(Tokens.of(stack, "hcso.analyst"))
                .queryParam("topic", "overdose").queryParam("size", 500)
                .when().get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath().getList("items");
        List<String> msgTypes = hcso.stream().filter(a -> reportFilter.equals(a.get("reportId")))
                .map(a -> (String) a.get("msgType")).toList();
        assertEquals(List.of("Cancel", "Update", "Alert"), msgTypes);

        List<Published> published = Exchange.alertsOfReport(stack, reportId, 12, WAIT);
        assertEquals(12, published.size(), "one record per alert on the alerts topic, no more");
        for (Published record : published) {
            assertEquals(record.key(), record.value().get("recipient").asText());
            assertEquals(record.value().get("id").asText(), record.headers().get("ce_id"));
            assertEquals("org.fusionexchange.alert." + record.value().get("msgType").asText(),
                    record.headers().get("ce_type"));
            assertEquals(record.key(), record.headers().get("ce_subject"));
        }
        for (Path example : Files.list(ContractExamples.ALERTS).sorted().toList()) {
            assertMatchesExample(ContractExamples.read(example), published);
        }
        assertEquals(12, QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", reportId)));
    }

    @Test
    void anAmendmentToAmberStrictCancelsTheAgenciesNoLongerEntitled() {
        UUID reportId = UUID.randomUUID();
        ObjectNode amended = Exchange.report("overdose-tampa-amended.json", reportId);
        ((ObjectNode) amended.at("/value/report/marking")).put("tlp", "AMBER+STRICT");
        Exchange.send(stack, "case-reports", Exchange.report("overdose-tampa-submitted.json", reportId), amended);

        awaitAlerts(reportId, 8);
        assertEquals(new TreeMap<>(Map.of(
                "HCSO v1", "Alert", "FL-FUSION v1", "Alert", "DEA v1", "Alert", "TAMPA-BAY-TF v1", "Alert",
                "HCSO v2", "Update", "FL-FUSION v2", "Cancel", "DEA v2", "Cancel", "TAMPA-BAY-TF v2", "Cancel")),
                storedAlerts(reportId));
    }

    @Test
    void redReachesTheNamedAgencyOnlyAndSeizureReachesTheBorderTaskForce() {
        UUID red = UUID.randomUUID();
        UUID seizure = UUID.randomUUID();
        Exchange.send(stack, "case-reports", Exchange.report("trafficking-tampa-red-dea.json", red),
                Exchange.report("drug-seizure-phoenix-tucson.json", seizure));

        awaitAlerts(seizure, 4);
        awaitAlerts(red, 1);
        assertEquals(Map.of("DEA v1", "Alert"), storedAlerts(red));
        assertEquals(Set.of("TUCSON-PD", "AZ-DPS", "DEA", "SW-BORDER-TF"), storedAlerts(seizure).keySet().stream()
                .map(k -> k.substring(0, k.indexOf(' '))).collect(Collectors.toSet()));
        given().auth().oauth2(Tokens.of(stack, "dea.analyst"))
                .queryParam("topic", "trafficking")
                .when().get("/api/v1/alerts")
                .then().statusCode(200)
                .body("items.find { it.reportId == '" + red + "' }.reason", equalTo("NAMED"))
                .body("items.find { it.reportId == '" + red + "' }.marking.tlp", equalTo("RED"));
    }

    @Test
    void aDuplicateDeliveryOrAnOlderVersionGivesNoSecondAlert() {
        UUID reportId = UUID.randomUUID();
        ObjectNode submitted = Exchange.report("overdose-tampa-submitted.json", reportId);
        ObjectNode amended = Exchange.report("overdose-tampa-amended.json", reportId);
        Exchange.send(stack, "case-reports", submitted, amended);
        awaitAlerts(reportId, 8);

        // the same events again, then the first version under a new event id, then a marker event
        ObjectNode replayedSubmission = Exchange.report("overdose-tampa-submitted.json", reportId);
        ObjectNode retracted = Exchange.report("overdose-tampa-retracted.json", reportId);
        Exchange.send(stack, "case-reports", submitted, amended, replayedSubmission, retracted);
        awaitAlerts(reportId, 12);
        assertEquals(12, storedAlerts(reportId).size());
        assertEquals(12, Exchange.alertsOfReport(stack, reportId, 12, WAIT).size());
    }

    @Test
    void oneBatchWithTwoVersionsOfAReportADuplicateAndAnotherReportRoutesEachInOrder() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        ObjectNode submitted = Exchange.report("overdose-tampa-submitted.json", first);
        List<ObjectNode> batch = List.of(
                submitted,
                Exchange.report("drug-seizure-phoenix-tucson.json", second),
                submitted,
                Exchange.report("overdose-tampa-amended.json", first),
                Exchange.report("overdose-tampa-retracted.json", first));
        Exchange.send(stack, "case-reports", batch);

        // four recipients each: the submission, the seizure, the amendment (Update) and the retraction (Cancel)
        awaitAlerts(first, 12);
        awaitAlerts(second, 4);
        assertEquals(new TreeMap<>(Map.ofEntries(Map.entry("DEA v1", "Alert"), Map.entry("FL-FUSION v1", "Alert"),
                Map.entry("HCSO v1", "Alert"), Map.entry("TAMPA-BAY-TF v1", "Alert"),
                Map.entry("DEA v2", "Update"), Map.entry("FL-FUSION v2", "Update"), Map.entry("HCSO v2", "Update"),
                Map.entry("TAMPA-BAY-TF v2", "Update"), Map.entry("DEA v3", "Cancel"),
                Map.entry("FL-FUSION v3", "Cancel"), Map.entry("HCSO v3", "Cancel"),
                Map.entry("TAMPA-BAY-TF v3", "Cancel"))), storedAlerts(first));
        assertEquals(4, storedAlerts(second).size());

        // the batch again, as after a redelivery, then a sentinel report in the first report's partition: once the
        // sentinel is routed, the redelivered batch was too, and it made nothing new
        UUID sentinel = UUID.randomUUID();
        ObjectNode behind = Exchange.report("overdose-tampa-submitted.json", sentinel);
        behind.put("key", first.toString());
        List<ObjectNode> again = new ArrayList<>(batch);
        again.add(behind);
        Exchange.send(stack, "case-reports", again);
        awaitAlerts(sentinel, 4);
        assertEquals(12, storedAlerts(first).size());
        assertEquals(4, storedAlerts(second).size());
        assertEquals(12, Exchange.alertsOfReport(stack, first, 12, WAIT).size());
    }

    private void assertMatchesExample(ObjectNode example, List<Published> published) {
        JsonNode expected = example.get("value");
        Published actual = published.stream()
                .filter(p -> p.value().get("recipient").equals(expected.get("recipient"))
                        && p.value().get("msgType").equals(expected.get("msgType")))
                .findFirst().orElse(null);
        assertNotNull(actual, "no published alert like " + expected);
        assertEquals(example.get("key").asText(), actual.key());
        assertEquals(example.get("headers").size(), actual.headers().size(), "headers " + actual.headers());
        example.get("headers").fields().forEachRemaining(h -> {
            if (!Set.of("ce_id", "ce_time").contains(h.getKey())) {
                assertEquals(h.getValue().asText(), actual.headers().get(h.getKey()), h.getKey());
            }
        });
        assertEquals(actual.value().get("createdAt").asText(), actual.headers().get("ce_time"));
        ObjectNode comparable = actual.value().deepCopy();
        ObjectNode exampleValue = expected.deepCopy();
        // as many references as the example, each an earlier alert of the same recipient for the same report
        JsonNode references = comparable.path("references");
        assertEquals(expected.path("references").size(), references.size(), "references " + references);
        for (JsonNode reference : references) {
            Published earlier = published.stream()
                    .filter(p -> p.value().get("id").equals(reference)).findFirst().orElse(null);
            assertNotNull(earlier, "a reference to a published alert: " + reference);
            assertEquals(actual.key(), earlier.key());
            assertEquals(actual.value().get("reportId"), earlier.value().get("reportId"));
        }
        for (String varying : List.of("id", "seq", "reportId", "createdAt", "references")) {
            assertEquals(expected.has(varying), comparable.remove(varying) != null, varying);
            exampleValue.remove(varying);
        }
        assertEquals(exampleValue, comparable);
    }

    private void awaitAlerts(UUID reportId, int count) {
        Exchange.await(count + " alerts of report " + reportId, WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", reportId)) >= count);
    }

    /** "AGENCY vN" -> msgType, for every alert of the report. */
    private Map<String, String> storedAlerts(UUID reportId) {
        return QuarkusTransaction.requiringNew().call(() -> alerts.forReport(reportId).stream()
                .collect(Collectors.toMap(a -> a.recipient + " v" + a.reportVersion, a -> a.msgType.name(),
                        (a, b) -> a + "," + b, TreeMap::new)));
    }
}
