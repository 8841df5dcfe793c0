package org.fusionexchange.alert.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.service.Alert;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every kind of alert as CAP 1.2, without HTTP: Alert, Update and Cancel, with a point and without, under each TLP
 * marking, checked against the CAP 1.2 schema and the data dictionary's rules (CapSchema); and what each element
 * holds.
 */
class CapXmlTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final String EXCHANGE = "fusion-exchange";
    private static final List<String> TLPS = List.of("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED");

    @Test
    void everyKindOfAlertWithAndWithoutPointUnderEveryMarkingIsValidCap12() {
        int checked = 0;
        for (String tlp : TLPS) {
            for (boolean point : new boolean[] { true, false }) {
                Alert first = alert(example("hcso-overdose-alert.json", tlp, point));
                Document alert = CapSchema.valid(xml(first, Map.of()));
                assertEquals(List.of("identifier", "sender", "sent", "status", "msgType", "scope", "restriction",
                        "incidents", "info"), CapSchema.children(alert));
                assertEquals("TLP:" + tlp, CapSchema.text(alert, "restriction"));
                assertEquals(point ? List.of("27.9506,-82.4572 0") : List.of(),
                        CapSchema.texts(alert, "info/area/circle"));

                Alert earlier = alert(example("hcso-overdose-alert.json", tlp, point)
                        .put("id", "5d0c8a4e-1f2b-4c3d-8e9f-000000000104"));
                Alert update = alert(example("tampa-bay-tf-overdose-update.json", tlp, point));
                Document updated = CapSchema.valid(xml(update, Map.of(earlier.id(), earlier)));
                assertEquals(List.of("identifier", "sender", "sent", "status", "msgType", "scope", "restriction",
                        "references", "incidents", "info"), CapSchema.children(updated));
                assertEquals("fusion-exchange/TAMPA-PD,5d0c8a4e-1f2b-4c3d-8e9f-000000000104,2026-11-28T16:10:00-00:00",
                        CapSchema.text(updated, "references"));

                Document cancel = CapSchema.valid(xml(cancelExample(), earlierOfCancel(tlp, point)));
                assertEquals(List.of("identifier", "sender", "sent", "status", "msgType", "scope", "restriction",
                        "note", "references", "incidents"), CapSchema.children(cancel));
                assertEquals("TLP:" + tlp, CapSchema.text(cancel, "restriction"));
                checked += 3;
            }
        }
        assertEquals(30, checked);
    }

    @Test
    void anAlertCarriesItsContentInCapsElements() {
        Document alert = CapSchema.valid(xml(alert(example("hcso-overdose-alert.json", "AMBER", true)), Map.of()));
        assertEquals("5d0c8a4e-1f2b-4c3d-8e9f-000000000101", CapSchema.text(alert, "identifier"));
        assertEquals("fusion-exchange/TAMPA-PD", CapSchema.text(alert, "sender"));
        assertEquals("2026-11-28T16:10:00-00:00", CapSchema.text(alert, "sent"), "seconds, -00:00 for UTC");
        assertEquals("Actual", CapSchema.text(alert, "status"));
        assertEquals("Alert", CapSchema.text(alert, "msgType"));
        assertEquals("Restricted", CapSchema.text(alert, "scope"));
        assertEquals("0b7e4d2a-6c1f-4a8e-9d3b-5f2e1a7c9e11", CapSchema.text(alert, "incidents"));
        assertEquals("Health", CapSchema.text(alert, "info/category"));
        assertEquals("Overdose", CapSchema.text(alert, "info/event"));
        assertEquals("Expected", CapSchema.text(alert, "info/urgency"));
        assertEquals("Severe", CapSchema.text(alert, "info/severity"));
        assertEquals("Observed", CapSchema.text(alert, "info/certainty"));
        assertEquals(List.of("topic", "overdose"), List.of(CapSchema.text(alert, "info/eventCode/valueName"),
                CapSchema.text(alert, "info/eventCode/value")));
        assertEquals("Non-fatal overdose, suspected fentanyl-laced pills", CapSchema.text(alert, "info/headline"));
        assertNull(CapSchema.text(alert, "info/description"), "alerts carry no narrative");
        assertEquals(List.of("reason", "reportVersion"), CapSchema.texts(alert, "info/parameter/valueName"));
        assertEquals(List.of("JURISDICTION", "1"), CapSchema.texts(alert, "info/parameter/value"));
        assertEquals("US-FL-12057", CapSchema.text(alert, "info/area/areaDesc"));
        assertEquals(List.of("jurisdiction", "FIPS6"), CapSchema.texts(alert, "info/area/geocode/valueName"));
        assertEquals(List.of("US-FL-12057", "012057"), CapSchema.texts(alert, "info/area/geocode/value"));
    }

    @Test
    void aCancelCarriesIdentifiersReferencesAndItsReasonButNoContent() {
        String xml = xml(cancelExample(), earlierOfCancel("AMBER", true));
        Document cancel = CapSchema.valid(xml);
        assertEquals("fusion-exchange", CapSchema.text(cancel, "sender"), "a Cancel names no originator");
        assertEquals("Cancel", CapSchema.text(cancel, "msgType"));
        assertEquals("Actual", CapSchema.text(cancel, "status"));
        assertEquals("RETRACTED", CapSchema.text(cancel, "note"));
        assertEquals("fusion-exchange/TAMPA-PD,5d0c8a4e-1f2b-4c3d-8e9f-000000000102,2026-11-28T16:10:00-00:00 "
                + "fusion-exchange/TAMPA-PD,5d0c8a4e-1f2b-4c3d-8e9f-000000000105,2026-11-28T16:20:00-00:00",
                CapSchema.text(cancel, "references"), "oldest first, each with its own sender and sent");
        assertTrue(CapSchema.texts(cancel, "info").isEmpty());
        for (String content : List.of("Non-fatal", "US-FL", "27.95", "Severe", "overdose")) {
            assertFalse(xml.contains(content), "the Cancel shows nothing of the cancelled alerts: " + content);
        }
    }

    @Test
    void aCancelIsMarkedAsTheMostRestrictiveOfTheAlertsItCancels() {
        Alert green = alert(example("hcso-overdose-alert.json", "GREEN", true)
                .put("id", "5d0c8a4e-1f2b-4c3d-8e9f-000000000102"));
        Alert strict = alert(example("tampa-bay-tf-overdose-update.json", "AMBER+STRICT", true)
                .put("id", "5d0c8a4e-1f2b-4c3d-8e9f-000000000105"));
        Document cancel = CapSchema.valid(xml(cancelExample(), Map.of(green.id(), green, strict.id(), strict)));
        assertEquals("TLP:AMBER+STRICT", CapSchema.text(cancel, "restriction"));
    }

    @Test
    void anAlertWithoutOriginatorReportOrCapValuesIsSentByTheExchangeWithUnknownValues() {
        // as a fusion alert (SPIKE, ENTITY_MATCH) will be: no originator, no report, a topic of its own
        ObjectNode value = example("hcso-overdose-alert.json", "AMBER", false);
        value.remove(List.of("originator", "reportId", "reason", "urgency", "certainty", "severity"));
        value.put("topic", "overdose-spike");
        Document spike = CapSchema.valid(xml(alert(value), Map.of()));
        assertEquals("fusion-exchange", CapSchema.text(spike, "sender"));
        assertNull(CapSchema.text(spike, "incidents"));
        assertEquals("Health", CapSchema.text(spike, "info/category"));
        assertEquals("Overdose spike", CapSchema.text(spike, "info/event"));
        assertEquals(List.of("Unknown", "Unknown", "Unknown"), List.of(CapSchema.text(spike, "info/urgency"),
                CapSchema.text(spike, "info/severity"), CapSchema.text(spike, "info/certainty")));
        assertTrue(CapSchema.texts(spike, "info/parameter").isEmpty());

        value.put("topic", "officer-safety").put("originator", "SOME AGENCY, <&>");
        Document odd = CapSchema.valid(xml(alert(value), Map.of()));
        assertEquals("Security", CapSchema.text(odd, "info/category"));
        assertEquals("Officer safety", CapSchema.text(odd, "info/event"));
        assertEquals("fusion-exchange/SOME%20AGENCY%2C%20%3C%26%3E", CapSchema.text(odd, "sender"));
    }

    @Test
    void anOverdoseSpikeIsTheExchangesWithItsCountsAndItsCancelCarriesOnlyItsIncident() {
        java.time.Instant start = java.time.Instant.parse("2026-12-02T15:00:00Z");
        UUID spikeId = UUID.fromString("e1f2a3b4-0000-4000-8000-000000000001");
        Alert.Spike spike = new Alert.Spike(spikeId, 1, "US-FL-12101", List.of("US-FL-12057", "US-FL-12103"),
                List.of(new Alert.Window("PT1H", start, start.plusSeconds(3600), 3, 1, 2, 2, 3),
                        new Alert.Window("PT6H", start, start.plusSeconds(6 * 3600), 3, 1, 2, 2, 6),
                        new Alert.Window("PT24H", start, start.plusSeconds(24 * 3600), 3, 1, 2, 2, 10)));
        Alert alert = new Alert(UUID.fromString("5b0c0000-0000-4000-8000-000000000001"), 1, "PCSO",
                org.fusionexchange.alert.service.Reason.SPIKE, null, null, null, List.of(), null, "overdose-spike",
                "Actual", org.fusionexchange.alert.service.MsgType.Alert, "Expected",
                org.fusionexchange.alert.service.Severity.Severe, "Likely",
                "Overdose spike in US-FL-12101: 3 in 1 h (threshold 3)", new Alert.Area("US-FL-12101", null),
                new Alert.Marking("AMBER"), spike, start.plusSeconds(60), start.plusSeconds(60), null);
        Document doc = CapSchema.valid(xml(alert, Map.of()));
        assertEquals("fusion-exchange", CapSchema.text(doc, "sender"), "the exchange found it, no agency sent it");
        assertEquals(spikeId.toString(), CapSchema.text(doc, "incidents"));
        assertEquals("TLP:AMBER", CapSchema.text(doc, "restriction"));
        assertEquals("Overdose spike", CapSchema.text(doc, "info/event"));
        assertEquals("012101", CapSchema.texts(doc, "info/area/geocode/value").get(1));
        List<String> parameters = CapSchema.texts(doc, "info/parameter/value");
        assertTrue(parameters.contains("SPIKE"), parameters.toString());
        assertTrue(parameters.contains("US-FL-12057 US-FL-12103"), parameters.toString());
        assertTrue(parameters.contains("count=3 threshold=3 fatal=1 nonFatal=2 naloxone=2 start=2026-12-02T15:00:00Z"
                + " end=2026-12-02T16:00:00Z"), parameters.toString());

        Alert cancel = new Alert(UUID.fromString("5b0c0000-0000-4000-8000-000000000002"), 2, "PCSO", null,
                org.fusionexchange.alert.service.CancelReason.SPIKE_ENDED, null, null, List.of(alert.id()), null, null,
                null, org.fusionexchange.alert.service.MsgType.Cancel, null, null, null, null, null, null,
                new Alert.Spike(spikeId, 2, null, null, null), start.plusSeconds(9000), start.plusSeconds(9000), null);
        String cancelXml = xml(cancel, Map.of(alert.id(), alert));
        Document ended = CapSchema.valid(cancelXml);
        assertEquals("SPIKE_ENDED", CapSchema.text(ended, "note"));
        assertEquals(spikeId.toString(), CapSchema.text(ended, "incidents"));
        assertEquals("fusion-exchange," + alert.id() + ",2026-12-02T15:01:00-00:00", CapSchema.text(ended,
                "references"));
        assertFalse(cancelXml.contains("US-FL-12101"), "the Cancel shows nothing of the spike: " + cancelXml);
    }

    @Test
    void anEntityMatchIsTheExchangesAndAStrictReportsSideNamesOnlyTheAgencyToContact() {
        java.time.Instant at = java.time.Instant.parse("2026-12-03T08:00:00Z");
        UUID matchId = UUID.fromString("c0a10000-0000-4000-8000-000000000001");
        UUID own = UUID.fromString("0b7e4d2a-6c1f-4a8e-9d3b-5f2e1a7c9e11");
        Alert alert = new Alert(UUID.fromString("7d2c0000-0000-4000-8000-000000000001"), 12, "HCSO",
                org.fusionexchange.alert.service.Reason.ENTITY_MATCH, null, null, null, List.of(), "PCSO",
                "entity-match", "Actual", org.fusionexchange.alert.service.MsgType.Alert, "Expected",
                org.fusionexchange.alert.service.Severity.Moderate, "Likely",
                "Phone +18135550147 is also in a report of PCSO: Seizure at the pier",
                new Alert.Area("US-FL-12057", null), new Alert.Marking("AMBER"), null,
                new Alert.Match(matchId, 1, "PHONE", "+18135550147", null, null, "(813) 555-0147", own, null), at,
                at, null);
        Document doc = CapSchema.valid(xml(alert, Map.of()));
        assertEquals("fusion-exchange", CapSchema.text(doc, "sender"), "the exchange found it: PCSO did not send it");
        assertEquals(matchId.toString(), CapSchema.text(doc, "incidents"));
        assertEquals("Security", CapSchema.text(doc, "info/category"));
        assertEquals("Entity match", CapSchema.text(doc, "info/event"));
        List<String> parameters = CapSchema.texts(doc, "info/parameter/value");
        assertTrue(parameters.containsAll(List.of("ENTITY_MATCH", "1", "PHONE +18135550147", own.toString(),
                "PCSO")), parameters.toString());
        assertEquals(List.of("reason", "matchVersion", "entity", "yourReport", "otherAgency"),
                CapSchema.texts(doc, "info/parameter/valueName"));

        Alert contact = new Alert(UUID.fromString("7d2c0000-0000-4000-8000-000000000002"), 13, "HCSO",
                org.fusionexchange.alert.service.Reason.ENTITY_MATCH, null, null, null, List.of(alert.id()), "PCSO",
                "entity-match", "Actual", org.fusionexchange.alert.service.MsgType.Update, "Expected",
                org.fusionexchange.alert.service.Severity.Moderate, "Likely",
                "Phone +18135550147 is also in a report of PCSO: contact the originator",
                new Alert.Area("US-FL-12057", null), new Alert.Marking("AMBER+STRICT"), null,
                new Alert.Match(matchId, 2, "PHONE", "+18135550147", null, null, "(813) 555-0147", own, true), at,
                at, null);
        String contactXml = xml(contact, Map.of(alert.id(), alert));
        Document updated = CapSchema.valid(contactXml);
        assertEquals("TLP:AMBER+STRICT", CapSchema.text(updated, "restriction"));
        assertEquals("fusion-exchange," + alert.id() + ",2026-12-03T08:00:00-00:00", CapSchema.text(updated,
                "references"), "an earlier match alert is referred to by the exchange as sender too");
        assertTrue(CapSchema.texts(updated, "info/parameter/valueName").contains("contactOriginator"));
        assertFalse(contactXml.contains("pier"), contactXml);

        Alert cancel = new Alert(UUID.fromString("7d2c0000-0000-4000-8000-000000000003"), 14, "HCSO", null,
                org.fusionexchange.alert.service.CancelReason.ENTITY_REMOVED, null, null,
                List.of(alert.id(), contact.id()), null, null, null, org.fusionexchange.alert.service.MsgType.Cancel,
                null, null, null, null, null, null, null,
                new Alert.Match(matchId, 3, null, null, null, null, null, null, null), at, at, null);
        String cancelXml = xml(cancel, Map.of(alert.id(), alert, contact.id(), contact));
        Document ended = CapSchema.valid(cancelXml);
        assertEquals("ENTITY_REMOVED", CapSchema.text(ended, "note"));
        assertEquals(matchId.toString(), CapSchema.text(ended, "incidents"));
        assertFalse(cancelXml.contains("+18135550147") || cancelXml.contains("PCSO"), cancelXml);
    }

    @Test
    void markupLineBreaksAndControlCharactersInAHeadlineStayTextOnOneLine() {
        String headline = "<b>Pills</b> & \"powder\"\nsecond line\r\nthird\u0007 \uD83D\uDC8A";
        ObjectNode value = example("hcso-overdose-alert.json", "AMBER", true).put("headline", headline);
        String xml = xml(alert(value), Map.of());
        assertFalse(xml.contains("\n") || xml.contains("\r"), "one line: " + xml);
        assertFalse(xml.contains("<b>"), xml);
        Document document = CapSchema.valid(xml);
        assertEquals("<b>Pills</b> & \"powder\"\nsecond line\r\nthird\uFFFD \uD83D\uDC8A",
                CapSchema.text(document, "info/headline"));
    }

    @Test
    void theSchemaRefusesElementsOutOfOrderOrMissing() {
        String xml = xml(alert(example("hcso-overdose-alert.json", "AMBER", true)), Map.of());
        String swapped = xml.replace("<sender>fusion-exchange/TAMPA-PD</sender><sent>2026-11-28T16:10:00-00:00</sent>",
                "<sent>2026-11-28T16:10:00-00:00</sent><sender>fusion-exchange/TAMPA-PD</sender>");
        assertTrue(!swapped.equals(xml));
        assertThrows(AssertionError.class, () -> CapSchema.valid(swapped));
        assertThrows(AssertionError.class, () -> CapSchema.valid(xml.replace("<scope>Restricted</scope>", "")));
        assertThrows(AssertionError.class,
                () -> CapSchema.valid(xml.replace("2026-11-28T16:10:00-00:00", "2026-11-28T16:10:00.120Z")));
        assertThrows(AssertionError.class, () -> CapSchema.valid(xml.replace("<urgency>Expected</urgency>", "")));
    }

    @Test
    void theContractsCapExamplesAreWhatTheJsonExamplesBecome() throws Exception {
        Alert earlier = alert(example("hcso-overdose-alert.json", "AMBER", true)
                .put("id", "5d0c8a4e-1f2b-4c3d-8e9f-000000000104").put("recipient", "TAMPA-BAY-TF"));
        Map<String, String> examples = Map.of(
                "hcso-overdose-alert", xml(alert(example("hcso-overdose-alert.json", "AMBER", true)), Map.of()),
                "tampa-bay-tf-overdose-update", xml(alert(example("tampa-bay-tf-overdose-update.json", "AMBER",
                        true)), Map.of(earlier.id(), earlier)),
                "dea-overdose-cancel", xml(cancelExample(), earlierOfCancel("AMBER", true)));
        for (Map.Entry<String, String> example : examples.entrySet()) {
            Path file = ContractExamples.ALERTS.resolveSibling("cap-examples").resolve(example.getKey() + ".xml");
            // beside examples/, whose files are the topic's JSON; indented for reading, the service writes one line
            String expected = Files.readString(file).strip().replaceAll(">\\s+<", "><");
            assertEquals(expected, example.getValue(), file.toString());
            CapSchema.valid(Files.readString(file));
        }
    }

    static String xml(Alert alert, Map<UUID, Alert> earlier) {
        return CapXmlWriter.write(CapAlert.of(alert, earlier, EXCHANGE));
    }

    /** A contract example's value, marked {@code tlp}, with or without its point. */
    private static ObjectNode example(String file, String tlp, boolean point) {
        ObjectNode value = (ObjectNode) ContractExamples.read(ContractExamples.ALERTS.resolve(file)).get("value");
        if (value.has("marking")) {
            ((ObjectNode) value.get("marking")).put("tlp", tlp);
        }
        if (!point && value.has("area")) {
            ((ObjectNode) value.get("area")).remove("point");
        }
        return value;
    }

    private static Alert cancelExample() {
        return alert((ObjectNode) ContractExamples.read(ContractExamples.ALERTS.resolve("dea-overdose-cancel.json"))
                .get("value"));
    }

    /** DEA's Alert and Update that its Cancel refers to. */
    private static Map<UUID, Alert> earlierOfCancel(String tlp, boolean point) {
        Map<UUID, Alert> earlier = new HashMap<>();
        Alert first = alert(example("hcso-overdose-alert.json", tlp, point)
                .put("id", "5d0c8a4e-1f2b-4c3d-8e9f-000000000102").put("recipient", "DEA"));
        Alert update = alert(example("tampa-bay-tf-overdose-update.json", tlp, point)
                .put("id", "5d0c8a4e-1f2b-4c3d-8e9f-000000000105").put("recipient", "DEA"));
        earlier.put(first.id(), first);
        earlier.put(update.id(), update);
        return earlier;
    }

    private static Alert alert(ObjectNode value) {
        return JSON.convertValue(value, Alert.class);
    }
}
