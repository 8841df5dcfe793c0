package org.fusionexchange.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.Exchange.Published;
import org.fusionexchange.alert.ShiftedSpikeClock;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.SpikeAudience;
import org.fusionexchange.alert.service.SpikeRules;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Overdose spikes on the real topics (issue 17, section 1): case-report events in, spike alerts out on {@code alerts}
 * to exactly the county's agencies, its neighbours' and its overdose task forces, with counts and never a report's
 * id or content; their Update, their Cancel an hour after the counts fell, in the API too; a county's own thresholds
 * from {@code directory.counties}.
 */
@QuarkusTest
class SpikeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASCO = "US-FL-12101";
    private static final String PINELLAS = "US-FL-12103";

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    ShiftedSpikeClock clock;

    @Inject
    SpikeAudience audience;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @AfterEach
    void clockBack() {
        clock.shift(Duration.ZERO);
    }

    @Test
    void threeOverdosesInPascoAlertItsAgenciesAndItsNeighboursThenUpdateThenCancel() {
        List<UUID> reports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reports.add(overdose(PASCO, "AMBER", i == 0));
        }
        List<Published> alerts = spikeAlerts(PASCO, 5);
        // Pasco: FL-FUSION and DEA cover it; HCSO and TAMPA-PD cover Hillsborough, PCSO Pinellas, its neighbours;
        // TAMPA-BAY-TF covers neither Pasco nor is it rule 1 for a neighbour
        assertEquals(Map.of("DEA", "Alert", "FL-FUSION", "Alert", "HCSO", "Alert", "PCSO", "Alert", "TAMPA-PD",
                "Alert"), byRecipient(alerts));
        UUID spikeId = UUID.fromString(alerts.get(0).value().path("spike").path("id").asText());
        for (Published p : alerts) {
            JsonNode a = p.value();
            assertEquals(p.key(), a.path("recipient").asText(), "keyed by recipient");
            assertEquals("SPIKE", a.path("reason").asText());
            assertEquals("overdose-spike", a.path("topic").asText());
            assertEquals("AMBER", a.path("marking").path("tlp").asText());
            assertEquals(PASCO, a.path("area").path("jurisdiction").asText());
            assertEquals(spikeId.toString(), a.path("spike").path("id").asText(), "one spike per county");
            assertEquals(1, a.path("spike").path("version").asInt());
            assertTrue(a.path("spike").path("neighbours").toString().contains("US-FL-12057"));
            JsonNode hour = window(a, "PT1H");
            assertEquals(3, hour.path("count").asInt());
            assertEquals(3, hour.path("threshold").asInt());
            assertEquals(1, hour.path("fatal").asInt());
            assertEquals(2, hour.path("nonFatal").asInt());
            assertEquals(2, hour.path("naloxone").asInt(), "the two non-fatal overdoses had naloxone given");
            assertFalse(a.has("originator"), "the exchange found it, no agency reported it");
            assertNoReportIn(a, reports);
            assertEquals("org.fusionexchange.alert.Alert", p.headers().get("ce_type"));
        }

        // three more: 6 in 1 h is twice the threshold, and the 6 h window reaches its own: one Update each
        for (int i = 0; i < 3; i++) {
            reports.add(overdose(PASCO, "GREEN", false));
        }
        List<Published> all = spikeAlerts(PASCO, 10);
        List<Published> updates = all.stream().filter(p -> p.value().path("msgType").asText().equals("Update"))
                .toList();
        assertEquals(5, updates.size(), "one Update per recipient, not one per report: " + byRecipient(all));
        for (Published u : updates) {
            assertEquals(2, u.value().path("spike").path("version").asInt());
            assertEquals("Extreme", u.value().path("severity").asText());
            assertEquals(6, window(u.value(), "PT1H").path("count").asInt());
            assertEquals(6, window(u.value(), "PT6H").path("count").asInt());
            String alertOfRecipient = all.stream().filter(p -> p.key().equals(u.key())
                    && p.value().path("msgType").asText().equals("Alert")).findFirst().orElseThrow().value()
                    .path("id").asText();
            assertEquals("[\"" + alertOfRecipient + "\"]", u.value().path("references").toString());
            assertNoReportIn(u.value(), reports);
        }

        // an analyst sees it in the API under its topic, once the projection has stored what the topic holds
        String token = Tokens.of(stack, "hcso.analyst");
        List<List<Map<String, Object>>> listed = new ArrayList<>();
        Exchange.await("the spike's Update in hcso.analyst's API", WAIT, () -> {
            List<Map<String, Object>> items = given().auth().oauth2(token)
                    .queryParam("topic", "overdose-spike").queryParam("size", 100)
                    .get("/api/v1/alerts").then().statusCode(200).extract().jsonPath().getList("items");
            listed.add(0, items);
            return items.stream().anyMatch(a -> a.get("spike") instanceof Map<?, ?> spike
                    && spikeId.toString().equals(spike.get("id")) && "Update".equals(a.get("msgType")));
        });
        // a topic filter lets every Cancel through (it has no topic): the spike's own alerts name no report
        assertTrue(listed.get(0).stream().filter(a -> "overdose-spike".equals(a.get("topic")))
                .noneMatch(a -> a.containsKey("reportId")), "" + listed.get(0));

        // the 6 h windows that reached 6 end at most 6 h after the reports: eight hours on, every window has been
        // below its threshold for an hour. Cancel, identifiers only
        clock.shift(Duration.ofHours(8));
        List<Published> ended = spikeAlerts(PASCO, 15);
        List<Published> cancels = ended.stream().filter(p -> p.value().path("msgType").asText().equals("Cancel"))
                .toList();
        assertEquals(5, cancels.size(), byRecipient(ended).toString());
        for (Published c : cancels) {
            JsonNode a = c.value();
            assertEquals("SPIKE_ENDED", a.path("cancelReason").asText());
            assertEquals(spikeId.toString(), a.path("spike").path("id").asText());
            assertEquals(2, a.path("references").size());
            for (String content : List.of("headline", "area", "topic", "reason", "marking", "severity")) {
                assertFalse(a.has(content), "a Cancel carries no " + content + ": " + a);
            }
            assertFalse(a.path("spike").has("windows"));
            assertFalse(a.path("spike").has("county"));
        }
    }

    @Test
    void aHundredOverdosesInOneCountyGiveOneSpikeNotAStorm() {
        String sarasota = "US-FL-12115";
        List<UUID> reports = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reports.add(overdose(sarasota, "AMBER", i % 10 == 0));
        }
        // Sarasota: FL-FUSION and DEA (its neighbours Manatee, DeSoto and Charlotte have no agency of their own).
        // One Alert at 3 in 1 h; Updates at 6 (1 h doubled, 6 h crossed), 10 (24 h crossed), 12 (6 h doubled) and
        // 20 (24 h doubled); nothing more for the other eighty
        List<Published> alerts = spikeAlerts(sarasota, 10);
        assertEquals(Map.of("DEA", "Alert,Update,Update,Update,Update", "FL-FUSION",
                "Alert,Update,Update,Update,Update"), byRecipient(alerts));
        assertEquals(1, alerts.stream().map(p -> p.value().path("spike").path("id").asText()).distinct().count(),
                "one spike");
        alerts.forEach(p -> assertNoReportIn(p.value(), reports));
    }

    @Test
    void amberStrictAndRedOverdosesAreNeverCountedAndTheTaskForceCoveringTheCountyHears() {
        List<UUID> reports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reports.add(overdose(PINELLAS, "AMBER+STRICT", false));
            reports.add(overdose(PINELLAS, "RED", false));
        }
        reports.add(overdose("US-FL", "AMBER", false));
        reports.add(overdose(PINELLAS, "AMBER", false));
        reports.add(overdose(PINELLAS, "CLEAR", false));
        reports.add(overdose(PINELLAS, "AMBER", true));
        List<Published> alerts = spikeAlerts(PINELLAS, 6);
        // Pinellas: PCSO, FL-FUSION, DEA; HCSO and TAMPA-PD for Hillsborough; TAMPA-BAY-TF covers Pinellas with
        // OVERDOSE in its focus
        assertEquals(Map.of("DEA", "Alert", "FL-FUSION", "Alert", "HCSO", "Alert", "PCSO", "Alert", "TAMPA-BAY-TF",
                "Alert", "TAMPA-PD", "Alert"), byRecipient(alerts));
        for (Published p : alerts) {
            assertEquals(3, window(p.value(), "PT1H").path("count").asInt(),
                    "only the three AMBER and CLEAR reports in the county count, not STRICT, RED or the state's");
            assertEquals(1, window(p.value(), "PT1H").path("fatal").asInt());
            assertNoReportIn(p.value(), reports);
        }
    }

    @Test
    void aCountysOwnThresholdFromTheDirectoryDecidesItsSpikes() {
        String manatee = "US-FL-12081";
        ObjectNode settings = ContractExamples.JSON.createObjectNode();
        settings.put("key", manatee);
        settings.putObject("headers").put("ce_specversion", "1.0").put("ce_id", UUID.randomUUID().toString())
                .put("ce_type", "org.fusionexchange.directory.CountySettingsChanged")
                .put("ce_source", "/directory-service").put("ce_subject", manatee)
                .put("content-type", "application/json");
        ObjectNode value = settings.putObject("value");
        value.put("county", manatee);
        value.putObject("spikeThresholds").put("PT1H", 2).put("PT6H", 5).put("PT24H", 9);
        value.put("version", 1);
        value.put("updatedAt", Instant.now().toString());
        Exchange.send(stack, "directory.counties", settings);
        Exchange.await("Manatee's own thresholds", WAIT, () -> audience.thresholds(manatee).hour() == 2);

        List<UUID> reports = List.of(overdose(manatee, "AMBER", false), overdose(manatee, "AMBER", false));
        List<Published> alerts = spikeAlerts(manatee, 5);
        // Manatee: the state and the nation; Hillsborough's agencies and Pinellas's (across Tampa Bay), neighbours
        assertEquals(Map.of("DEA", "Alert", "FL-FUSION", "Alert", "HCSO", "Alert", "PCSO", "Alert", "TAMPA-PD",
                "Alert"), byRecipient(alerts));
        for (Published p : alerts) {
            assertEquals(2, window(p.value(), "PT1H").path("threshold").asInt());
            assertEquals(5, window(p.value(), "PT6H").path("threshold").asInt());
            assertEquals(9, window(p.value(), "PT24H").path("threshold").asInt());
            assertNoReportIn(p.value(), reports);
        }

        value.putNull("spikeThresholds");
        value.put("version", 2);
        Exchange.send(stack, "directory.counties", settings);
        Exchange.await("Manatee back to the defaults", WAIT, () -> audience.thresholds(manatee).hour() == 3);
    }

    @Test
    void theDirectorysContractExamplesSetAndResetACountysThresholds() {
        java.nio.file.Path examples = java.nio.file.Path.of("../directory-service/contracts/directory.counties/examples");
        Exchange.send(stack, "directory.counties", ContractExamples.read(examples.resolve("hillsborough-override.json")));
        Exchange.await("Hillsborough's own thresholds from the example", WAIT,
                () -> audience.thresholds("US-FL-12057").equals(new SpikeRules.Thresholds(5, 8, 12)));
        Exchange.send(stack, "directory.counties", ContractExamples.read(examples.resolve("hillsborough-defaults.json")));
        Exchange.await("Hillsborough back to the defaults", WAIT,
                () -> audience.thresholds("US-FL-12057").equals(new SpikeRules.Thresholds(3, 6, 10)));
        // an older version arriving late changes nothing: once a later record of the single partition (a marker for
        // Palm Beach) is applied, Hillsborough still has the defaults
        Exchange.send(stack, "directory.counties", ContractExamples.read(examples.resolve("hillsborough-override.json")));
        ObjectNode marker = ContractExamples.read(examples.resolve("hillsborough-override.json"));
        marker.put("key", "US-FL-12099");
        ((ObjectNode) marker.path("headers")).put("ce_subject", "US-FL-12099");
        ((ObjectNode) marker.path("value")).put("county", "US-FL-12099").put("version", 1);
        ((ObjectNode) marker.path("value").path("spikeThresholds")).put("PT1H", 7);
        Exchange.send(stack, "directory.counties", marker);
        Exchange.await("the marker after the late version 3", WAIT,
                () -> audience.thresholds("US-FL-12099").hour() == 7);
        assertEquals(new SpikeRules.Thresholds(3, 6, 10), audience.thresholds("US-FL-12057"));
    }

    /** TAMPA-PD's overdose example as a new report, in the county and marking given, occurring now. */
    private UUID overdose(String jurisdiction, String tlp, boolean fatal) {
        UUID id = UUID.randomUUID();
        ObjectNode message = Exchange.report("overdose-tampa-submitted.json", id);
        ObjectNode report = (ObjectNode) message.path("value").path("report");
        report.put("jurisdiction", jurisdiction);
        report.put("occurredAt", Instant.now().minusSeconds(60).toString());
        report.putNull("location");
        ((ObjectNode) report.path("marking")).put("tlp", tlp);
        if (tlp.equals("RED")) {
            ((ObjectNode) report.path("marking")).putArray("recipients").add("DEA");
        }
        ((ObjectNode) report.path("overdose")).put("fatal", fatal);
        ((ObjectNode) report.path("overdose")).put("naloxoneAdministered", !fatal);
        Exchange.send(stack, "case-reports", message);
        return id;
    }

    private List<Published> spikeAlerts(String county, int count) {
        List<Published> found = Exchange.alertsWhere(stack, v -> v.path("topic").asText().equals("overdose-spike")
                && v.path("area").path("jurisdiction").asText().equals(county)
                || v.path("msgType").asText().equals("Cancel") && v.path("cancelReason").asText().equals("SPIKE_ENDED")
                        && spikeIn(county, v), count, WAIT);
        assertEquals(count, found.size(), "spike alerts in " + county + ": " + byRecipient(found));
        return found;
    }

    /** Whether a Cancel ends a spike of this county, known by the spike's id from its Alert. */
    private boolean spikeIn(String county, JsonNode cancel) {
        return known.getOrDefault(cancel.path("spike").path("id").asText(), "").equals(county);
    }

    private final Map<String, String> known = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, String> byRecipient(List<Published> alerts) {
        Map<String, String> by = new TreeMap<>();
        for (Published p : alerts) {
            by.merge(p.key(), p.value().path("msgType").asText(), (a, b) -> a + "," + b);
            if (p.value().has("area")) {
                known.put(p.value().path("spike").path("id").asText(), p.value().path("area").path("jurisdiction")
                        .asText());
            }
        }
        return by;
    }

    private static JsonNode window(JsonNode alert, String size) {
        for (JsonNode w : alert.path("spike").path("windows")) {
            if (w.path("size").asText().equals(size)) {
                return w;
            }
        }
        throw new AssertionError("no " + size + " window in " + alert);
    }

    /** A spike alert names no report and carries none of a report's content. */
    private static void assertNoReportIn(JsonNode alert, List<UUID> reports) {
        assertFalse(alert.has("reportId"), alert.toString());
        assertFalse(alert.has("reportVersion"), alert.toString());
        String text = alert.toString();
        for (UUID r : reports) {
            assertFalse(text.contains(r.toString()), "a report's id in " + text);
        }
        for (String content : List.of("fentanyl", "Non-fatal overdose", "TPD-2026-118822")) {
            assertFalse(text.contains(content), content + " in " + text);
        }
    }
}
