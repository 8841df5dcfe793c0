package org.fusionexchange.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.Exchange.Published;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.EntityMatchSettings;
import org.fusionexchange.alert.service.MatchRules;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Cross-agency entity matches on the real topics (issue 17, section 2): case-report events in, match alerts out on
 * {@code alerts} to each side, carrying per recipient only what the other report's marking allows, in the API and in
 * CAP too; their Updates and Cancels; the limit past which a value is common, and the directory's ignore list.
 * HCSO, PCSO and DEA stand for the two sides here: their analysts exist in the test realm.
 */
@QuarkusTest
class EntityMatchTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    EntityMatchSettings settings;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void eachSideLearnsOfTheOtherAsItsMarkingAllowsOnTheTopicInTheApiAndInCap() {
        String e164 = phone();
        UUID hcso = report("HCSO", "AMBER", "HCSO: traffic stop on I-4", national(e164), e164, null);
        UUID pcso = report("PCSO", "AMBER+STRICT", "PCSO: undercover buy at the pier", e164, e164, null);
        Map<String, JsonNode> by = byRecipient(matchAlerts(e164, 2));

        // HCSO: PCSO's report is AMBER+STRICT, so "contact the originator": PCSO's code and HCSO's own value only
        JsonNode toHcso = by.get("HCSO");
        assertEquals("Alert", toHcso.path("msgType").asText());
        assertEquals("ENTITY_MATCH", toHcso.path("reason").asText());
        assertEquals("entity-match", toHcso.path("topic").asText());
        assertEquals("PCSO", toHcso.path("originator").asText());
        assertEquals("AMBER+STRICT", toHcso.path("marking").path("tlp").asText());
        assertTrue(toHcso.path("match").path("contactOriginator").asBoolean());
        assertEquals("PHONE", toHcso.path("match").path("kind").asText());
        assertEquals(e164, toHcso.path("match").path("value").asText());
        assertEquals(national(e164), toHcso.path("match").path("yourEntity").asText(), "as HCSO wrote it");
        assertEquals(hcso.toString(), toHcso.path("match").path("yourReport").asText());
        assertEquals("US-FL-12057", toHcso.path("area").path("jurisdiction").asText(), "HCSO's own report's");
        assertFalse(toHcso.toString().contains("undercover"), "PCSO's headline: " + toHcso);
        assertFalse(toHcso.toString().contains(pcso.toString()), "PCSO's report id: " + toHcso);
        assertFalse(toHcso.has("reportId"));

        // PCSO: HCSO's report is AMBER, so its headline, the value and its originator
        JsonNode toPcso = by.get("PCSO");
        assertEquals("HCSO", toPcso.path("originator").asText());
        assertEquals("AMBER", toPcso.path("marking").path("tlp").asText());
        assertTrue(toPcso.path("headline").asText().endsWith("HCSO: traffic stop on I-4"), toPcso.toString());
        assertFalse(toPcso.path("match").has("contactOriginator"));
        assertEquals(pcso.toString(), toPcso.path("match").path("yourReport").asText());
        assertFalse(toPcso.toString().contains(hcso.toString()), "HCSO's report id: " + toPcso);

        // the same in the API, and as CAP: the exchange is the sender, the match is the incident
        String token = Tokens.of(stack, "hcso.analyst");
        String matchId = toHcso.path("match").path("id").asText();
        Exchange.await("HCSO's match alert in the API", WAIT, () -> given().auth().oauth2(token)
                .queryParam("topic", "entity-match").queryParam("size", 500).get("/api/v1/alerts").then()
                .statusCode(200).extract().jsonPath().getList("items.match.id").contains(matchId));
        String alertId = toHcso.path("id").asText();
        JsonNode listed = given().auth().oauth2(token).get("/api/v1/alerts/" + alertId).then().statusCode(200)
                .extract().as(JsonNode.class);
        assertEquals(toHcso.path("match"), listed.path("match"));
        assertEquals(toHcso.path("headline"), listed.path("headline"));
        String cap = given().auth().oauth2(token).accept("application/cap+xml").get("/api/v1/alerts/" + alertId)
                .then().statusCode(200).extract().asString();
        assertTrue(cap.contains("<sender>fusion-exchange</sender>") || cap.matches("(?s).*<sender>[^/<]+</sender>.*"),
                "the exchange alone is the sender: " + cap);
        assertTrue(cap.contains("<incidents>" + matchId + "</incidents>"), cap);
        assertTrue(cap.contains("<valueName>contactOriginator</valueName>"), cap);
        assertFalse(cap.contains("undercover"), cap);
        // PCSO's alert is not HCSO's
        given().auth().oauth2(token).get("/api/v1/alerts/" + toPcso.path("id").asText()).then().statusCode(404);
    }

    @Test
    void intakesContractExamplesMatchOnTheVinTheyShareAsNormalisedThere() {
        // intake's examples: PHOENIX-PD's seizure and TAMPA-PD's trafficking report (entities as written) both hold
        // the VIN 1HGCM82633A004352, Tampa's in lower case; their events carry it normalised, which is compared
        UUID phoenix = UUID.randomUUID();
        UUID tampa = UUID.randomUUID();
        Exchange.send(stack, "case-reports", Exchange.report("drug-seizure-phoenix-tucson.json", phoenix));
        Exchange.send(stack, "case-reports", Exchange.report("trafficking-tampa-entities-as-written.json", tampa));
        JsonNode toTampa = Exchange.alertsWhere(stack, v -> tampa.toString().equals(
                v.path("match").path("yourReport").asText()) && "VIN".equals(v.path("match").path("kind").asText()),
                1, WAIT).stream().findFirst().orElseThrow().value();
        assertEquals("TAMPA-PD", toTampa.path("recipient").asText());
        assertEquals("PHOENIX-PD", toTampa.path("originator").asText());
        assertEquals("1HGCM82633A004352", toTampa.path("match").path("value").asText());
        assertEquals("1hgcm82633a004352", toTampa.path("match").path("yourEntity").asText(), "as Tampa wrote it");
        assertEquals("VALID", toTampa.path("match").path("vinCheck").asText());
        List<Published> toPhoenix = Exchange.alertsWhere(stack, v -> phoenix.toString().equals(
                v.path("match").path("yourReport").asText()), 1, WAIT);
        assertFalse(toPhoenix.isEmpty(), "PHOENIX-PD is told of Tampa's report");
        assertEquals("TAMPA-PD", toPhoenix.get(0).value().path("originator").asText());
        assertTrue(toPhoenix.get(0).value().path("headline").asText().startsWith("VIN 1HGCM82633A004352"));
    }

    @Test
    void aReportsValuesThatShareAPartitionTravelInOneRecordAndEachMatchesAndIsWithdrawn() {
        try (KafkaConsumer<String, byte[]> byValue = byValueTopic()) {
            // a phone and a plate whose keys fall in one partition of the by-value topic
            int partitions = byValue.assignment().size();
            String e164;
            String plate;
            do {
                e164 = phone();
                plate = "G" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
            } while (EntitySteps.partitionOf(phoneKey(e164), partitions)
                    != EntitySteps.partitionOf(plateKey(plate), partitions));
            UUID hcso = report("HCSO", "AMBER", "HCSO: traffic stop, phone and car", e164, e164, plate);
            UUID pcso = report("PCSO", "GREEN", "PCSO: buy-walk, same phone and car", e164, e164, plate);

            // on the by-value topic, each report's two values go in one record, keyed by one of them (read at once:
            // Kafka Streams purges what it has committed from a repartition topic every 30 s)
            Map<UUID, List<MatchRules.Change>> records = new TreeMap<>();
            Instant deadline = Instant.now().plus(WAIT);
            while (records.size() < 2 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : byValue.poll(Duration.ofMillis(200))) {
                    List<MatchRules.Change> changes = EntityCodec.readChanges(r.value(), ContractExamples.JSON);
                    UUID report = changes.get(0).sighting().reportId();
                    if (report.equals(hcso) || report.equals(pcso)) {
                        assertEquals(null, records.put(report, changes), "one record for the report's values");
                        assertEquals(changes.get(0).sighting().entity().key(), r.key());
                    }
                }
            }
            for (UUID report : List.of(hcso, pcso)) {
                assertNotNull(records.get(report), "no record of report " + report + " on the by-value topic");
                assertEquals(List.of(phoneKey(e164), plateKey(plate)), records.get(report).stream()
                        .map(c -> c.sighting().entity().key()).toList(), "report " + report);
            }

            // each value matches on its own: both sides learn of each, as their markings allow
            for (String value : List.of(e164, plate)) {
                Map<String, JsonNode> by = byRecipient(matchAlerts(value, 2));
                assertEquals(List.of("HCSO", "PCSO"), List.copyOf(by.keySet()), value);
                assertEquals(hcso.toString(), by.get("HCSO").path("match").path("yourReport").asText());
                assertEquals("GREEN", by.get("HCSO").path("marking").path("tlp").asText(), "PCSO's marking");
                assertEquals(pcso.toString(), by.get("PCSO").path("match").path("yourReport").asText());
                assertEquals("AMBER", by.get("PCSO").path("marking").path("tlp").asText(), "HCSO's marking");
            }

            // HCSO's amendment without them withdraws both matches: each side gets a Cancel for each value
            amend(hcso, 2, "HCSO", "AMBER", "HCSO: traffic stop, wrong phone and car", null, null, null);
            for (String value : List.of(e164, plate)) {
                List<Published> cancels = matchAlerts(value, 4).stream()
                        .filter(p -> p.value().path("msgType").asText().equals("Cancel")).toList();
                assertEquals(2, cancels.size(), value + ": " + cancels);
                for (Published cancel : cancels) {
                    assertEquals("ENTITY_REMOVED", cancel.value().path("cancelReason").asText());
                    assertNoContent(cancel.value());
                }
                assertEquals(List.of("HCSO", "PCSO"), cancels.stream().map(Published::key).sorted().toList());
            }
        }
    }

    /** A reader of the by-value topic, at its end. */
    private KafkaConsumer<String, byte[]> byValueTopic() {
        Map<String, Object> properties = new java.util.HashMap<>(stack.kafka().orElseThrow().adminProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer());
        String[] found = new String[1];
        Exchange.await("routing's by-value topic", WAIT, () -> (found[0] = consumer.listTopics().keySet().stream()
                .filter(t -> t.endsWith(EntitySteps.BY_VALUE + "-repartition")).findFirst().orElse(null)) != null);
        String topic = found[0];
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static String phoneKey(String e164) {
        return MatchRules.phone(e164, e164).key();
    }

    private static String plateKey(String plate) {
        return MatchRules.plate(plate, "FL", "US-FL-12057", plate).key();
    }

    @Test
    void aRedReportTellsTheOtherSideNothingAndItsOwnAgencyLearnsOfTheOther() {
        String plate = "M" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        UUID pcso = report("PCSO", "GREEN", "PCSO: stolen car recovered", null, null, plate);
        report("DEA", "RED", "DEA: wiretap target vehicle", null, null, plate);
        List<Published> alerts = matchAlerts(plate, 1);
        assertEquals(1, alerts.size(), "PCSO learns nothing of DEA's RED report: " + alerts);
        JsonNode toDea = alerts.get(0).value();
        assertEquals("DEA", alerts.get(0).key());
        assertEquals("PCSO", toDea.path("originator").asText());
        assertEquals("GREEN", toDea.path("marking").path("tlp").asText());
        assertEquals("PLATE", toDea.path("match").path("kind").asText());
        assertEquals("US-FL", toDea.path("match").path("plateState").asText(), "FL and US-FL are one state");
        assertTrue(toDea.path("headline").asText().endsWith("PCSO: stolen car recovered"));
        assertFalse(toDea.toString().contains(pcso.toString()));
    }

    @Test
    void anAmendmentUpdatesOrCancelsEachSideAndACancelCarriesNoContent() {
        String e164 = phone();
        UUID hcso = report("HCSO", "AMBER", "HCSO: first headline", e164, e164, null);
        UUID pcso = report("PCSO", "AMBER", "PCSO: seizure", e164, e164, null);
        Map<String, JsonNode> first = byRecipient(matchAlerts(e164, 2));

        // HCSO narrows its report to RED: PCSO's side is cancelled, identifiers only; HCSO's side stays
        amend(hcso, 2, "HCSO", "RED", "HCSO: now secret", e164, e164, null);
        List<Published> afterRed = matchAlerts(e164, 3);
        JsonNode cancel = afterRed.stream().filter(p -> p.key().equals("PCSO")
                && p.value().path("msgType").asText().equals("Cancel")).findFirst().orElseThrow().value();
        assertEquals("MARKING_CHANGED", cancel.path("cancelReason").asText());
        assertEquals(first.get("PCSO").path("match").path("id"), cancel.path("match").path("id"));
        assertEquals("[\"" + first.get("PCSO").path("id").asText() + "\"]", cancel.path("references").toString());
        assertNoContent(cancel);
        assertFalse(cancel.toString().contains("secret"));

        // PCSO amends its report without the phone: HCSO's side is withdrawn
        amend(pcso, 2, "PCSO", "AMBER", "PCSO: seizure, phone was wrong", null, null, null);
        List<Published> afterRemoval = matchAlerts(e164, 4);
        JsonNode withdrawn = afterRemoval.stream().filter(p -> p.key().equals("HCSO")
                && p.value().path("msgType").asText().equals("Cancel")).findFirst().orElseThrow().value();
        assertEquals("ENTITY_REMOVED", withdrawn.path("cancelReason").asText());
        assertEquals(first.get("HCSO").path("match").path("id"), withdrawn.path("match").path("id"));
        assertNoContent(withdrawn);
    }

    @Test
    void aMarkingNarrowedFromClearToAmberReachesTheOtherSideAsAnUpdateCarryingIt() {
        String e164 = phone();
        UUID pcso = report("PCSO", "CLEAR", "PCSO: pills sold online", e164, e164, null);
        report("HCSO", "AMBER", "HCSO: overdose at a motel", e164, e164, null);
        Map<String, JsonNode> first = byRecipient(matchAlerts(e164, 2));
        assertEquals("CLEAR", first.get("HCSO").path("marking").path("tlp").asText());

        // the same headline, now AMBER: HCSO may no longer share its copy as CLEAR
        amend(pcso, 2, "PCSO", "AMBER", "PCSO: pills sold online", e164, e164, null);
        List<Published> after = matchAlerts(e164, 3);
        List<Published> updates = after.stream().filter(p -> p.value().path("msgType").asText().equals("Update"))
                .toList();
        assertEquals(1, updates.size(), "one Update, to HCSO only: PCSO's side did not change: " + after);
        JsonNode update = updates.get(0).value();
        assertEquals("HCSO", updates.get(0).key());
        assertEquals("AMBER", update.path("marking").path("tlp").asText());
        assertEquals(first.get("HCSO").path("match").path("id"), update.path("match").path("id"));
        assertEquals("[\"" + first.get("HCSO").path("id").asText() + "\"]", update.path("references").toString());
        assertTrue(update.path("headline").asText().endsWith("PCSO: pills sold online"));
    }

    @Test
    void aValueInMoreThanFiftyReportsStopsMatchingAndAdministratorsSeeIt() {
        String e164 = phone();
        for (int i = 0; i < 51; i++) {
            report("HCSO", "AMBER", "HCSO: training report " + i, e164, e164, null);
        }
        String admin = Tokens.of(stack, "directory.admin");
        Exchange.await("the common value listed for administrators", WAIT, () -> given().auth().oauth2(admin)
                .get("/api/v1/entity-values/common").then().statusCode(200).extract().jsonPath()
                .getList("items.key").contains("phone:" + e164));
        given().auth().oauth2(Tokens.of(stack, "hcso.analyst")).get("/api/v1/entity-values/common").then()
                .statusCode(403);
        report("PCSO", "AMBER", "PCSO: the 52nd report", e164, e164, null);
        assertNoMatchOf(e164);
    }

    @Test
    void aValueOnTheDirectorysIgnoreListMatchesNothing() {
        String e164 = phone();
        ObjectNode entry = ContractExamples.JSON.createObjectNode();
        String key = "phone:" + e164;
        entry.put("key", key);
        entry.putObject("headers").put("ce_specversion", "1.0").put("ce_id", UUID.randomUUID().toString())
                .put("ce_type", "org.fusionexchange.directory.EntityIgnoreChanged")
                .put("ce_source", "/directory-service").put("ce_subject", key).put("content-type", "application/json");
        entry.putObject("value").put("key", key).put("kind", "PHONE").put("value", e164).putNull("plateState")
                .put("ignored", true).put("reason", "a test number").put("version", 1)
                .put("updatedAt", Instant.now().toString());
        Exchange.send(stack, "directory.ignored-entities", entry);
        Exchange.await("the ignore list entry applied", WAIT, () -> settings.ignored(key));

        report("HCSO", "AMBER", "HCSO: ignored number", e164, e164, null);
        report("PCSO", "AMBER", "PCSO: ignored number", e164, e164, null);
        assertNoMatchOf(e164);

        ((ObjectNode) entry.path("value")).put("ignored", false).put("version", 2);
        Exchange.send(stack, "directory.ignored-entities", entry);
        Exchange.await("the entry taken off", WAIT, () -> !settings.ignored(key));
    }

    @Test
    void theDirectorysContractExamplesPutAValueOnTheIgnoreListAndTakeItOff() {
        java.nio.file.Path examples = java.nio.file.Path.of(
                "../directory-service/contracts/directory.ignored-entities/examples");
        Exchange.send(stack, "directory.ignored-entities", ContractExamples.read(examples.resolve(
                "test-phone-ignored.json")));
        Exchange.await("the example's number ignored", WAIT, () -> settings.ignored("phone:+18135550100"));
        Exchange.send(stack, "directory.ignored-entities", ContractExamples.read(examples.resolve(
                "test-phone-unignored.json")));
        Exchange.await("the example's number taken off", WAIT, () -> !settings.ignored("phone:+18135550100"));
    }

    /** A value that matches, sent after: once its two alerts are out, none came for {@code e164}. */
    private void assertNoMatchOf(String e164) {
        String marker = phone();
        report("HCSO", "AMBER", "HCSO: marker", marker, marker, null);
        report("PCSO", "AMBER", "PCSO: marker", marker, marker, null);
        assertEquals(2, matchAlerts(marker, 2).size(), "the marker's match");
        assertEquals(List.of(), matchAlerts(e164, 0));
    }

    /** A random Florida number in E.164, unused by any other test. */
    private static String phone() {
        return "+1813" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    /** +18135550147 as an officer writes it: (813) 555-0147. */
    private static String national(String e164) {
        String digits = e164.substring(2);
        return "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
    }

    /** A new report of the agency, in Hillsborough, with one phone or one plate (in FL). */
    private UUID report(String agency, String tlp, String headline, String written, String e164, String plate) {
        UUID id = UUID.randomUUID();
        Exchange.send(stack, "case-reports", event(id, 1, agency, tlp, headline, written, e164, plate));
        return id;
    }

    private void amend(UUID id, int version, String agency, String tlp, String headline, String written, String e164,
            String plate) {
        ObjectNode message = event(id, version, agency, tlp, headline, written, e164, plate);
        ((ObjectNode) message.path("value")).put("type", "ReportAmended");
        ((ObjectNode) message.path("headers")).put("ce_type", "org.fusionexchange.intake.ReportAmended");
        Exchange.send(stack, "case-reports", message);
    }

    private static ObjectNode event(UUID id, int version, String agency, String tlp, String headline, String written,
            String e164, String plate) {
        ObjectNode message = Exchange.report("overdose-tampa-submitted.json", id);
        ObjectNode value = (ObjectNode) message.path("value");
        value.put("agency", agency).put("version", version).put("time", Instant.now().toString());
        ObjectNode report = (ObjectNode) value.path("report");
        report.put("agency", agency).put("version", version).put("headline", headline);
        ((ObjectNode) report.path("marking")).put("tlp", tlp);
        if (tlp.equals("RED")) {
            ((ObjectNode) report.path("marking")).putArray("recipients").add("DEA");
        }
        ObjectNode entities = report.putObject("entities");
        entities.putArray("persons");
        entities.putArray("substances");
        ArrayNode phones = entities.putArray("phones");
        if (e164 != null) {
            phones.addObject().put("number", written).put("e164", e164);
        }
        ArrayNode vehicles = entities.putArray("vehicles");
        if (plate != null) {
            ObjectNode vehicle = vehicles.addObject().put("plate", plate.toLowerCase()).put("plateState", "fl");
            vehicle.putNull("vin");
            vehicle.putObject("normalized").put("plate", plate).put("plateState", "FL").putNull("vin")
                    .putNull("vinCheck");
        }
        return message;
    }

    /** The match alerts about a value: Alerts and Updates name it; a Cancel is known by its match's id. */
    private List<Published> matchAlerts(String value, int count) {
        Map<String, Boolean> matches = new java.util.concurrent.ConcurrentHashMap<>();
        return Exchange.alertsWhere(stack, v -> {
            if (v.path("match").path("value").asText().equals(value)) {
                matches.put(v.path("match").path("id").asText(), true);
                return true;
            }
            return v.path("msgType").asText().equals("Cancel")
                    && matches.containsKey(v.path("match").path("id").asText());
        }, count, count == 0 ? Duration.ofSeconds(2) : WAIT);
    }

    private static Map<String, JsonNode> byRecipient(List<Published> alerts) {
        Map<String, JsonNode> by = new TreeMap<>();
        for (Published p : alerts) {
            assertEquals(p.key(), p.value().path("recipient").asText(), "keyed by recipient");
            by.put(p.key(), p.value());
        }
        assertEquals(alerts.size(), by.size(), "one alert per recipient: " + alerts);
        return by;
    }

    private static void assertNoContent(JsonNode cancel) {
        for (String content : List.of("headline", "area", "topic", "reason", "marking", "severity", "originator")) {
            assertFalse(cancel.has(content), "a Cancel carries no " + content + ": " + cancel);
        }
        assertEquals(2, cancel.path("match").size(), "a Cancel's match holds its id and version: " + cancel);
    }
}
