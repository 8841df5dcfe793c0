package org.fusionexchange.intake.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.fusionexchange.intake.config.InstantJson;
import org.fusionexchange.intake.config.StrictJson;
import org.fusionexchange.intake.domain.CaseReport;
import org.fusionexchange.intake.domain.EventType;
import org.fusionexchange.intake.domain.ReportInput;
import org.fusionexchange.intake.repository.OutboxRepository.Unpublished;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The event's report: the stored snapshot unchanged, the normalised entities beside what was written. */
class EventReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ReportMapper mapper = new ReportMapper(JSON);

    private static String stored(String jurisdiction, String phones, String vehicles) {
        return "{\"id\":\"0b7e4d2a-6c1f-4a8e-9d3b-5f2e1a7c9e11\",\"jurisdiction\":\"" + jurisdiction + "\","
                + "\"location\":{\"lat\":27.9506,\"lon\":-82.4572},\"narrative\":\"\\\"phones\\\":[] is no key\","
                + "\"entities\":{\"persons\":[],\"vehicles\":" + vehicles + ",\"phones\":" + phones + ","
                + "\"substances\":[{\"name\":\"fentanyl\",\"quantity\":2.50,\"unit\":\"G\",\"form\":null},"
                + "{\"name\":\"x\",\"quantity\":1E+2,\"unit\":\"G\",\"form\":null}]},\"marking\":{\"tlp\":\"AMBER\"}}";
    }

    @Test
    void phonesGainTheirE164BesideWhatWasWritten() throws Exception {
        JsonNode report = JSON.readTree(mapper.eventReport(stored("US-FL-12057",
                "[{\"number\":\"(813) 555-0147\"},{\"number\":\"+1 813-555-0147\"}]", "[]")));
        assertEquals(JSON.readTree("[{\"number\":\"(813) 555-0147\",\"e164\":\"+18135550147\"},"
                + "{\"number\":\"+1 813-555-0147\",\"e164\":\"+18135550147\"}]"), report.at("/entities/phones"));

        JsonNode ecuador = JSON.readTree(mapper.eventReport(stored("EC", "[{\"number\":\"02 123 4567\"}]", "[]")));
        assertEquals("+59321234567", ecuador.at("/entities/phones/0/e164").asText());
    }

    @Test
    void vehiclesGainTheirNormalisedForm() throws Exception {
        JsonNode report = JSON.readTree(mapper.eventReport(stored("US-FL-12057", "[]", "["
                + "{\"plate\":\"abc-123\",\"plateState\":\"fl\",\"vin\":null,\"make\":null,\"model\":null,\"color\":null},"
                + "{\"plate\":null,\"plateState\":null,\"vin\":\"1hgcm82633a004352\",\"make\":\"Honda\",\"model\":null,\"color\":null},"
                + "{\"plate\":null,\"plateState\":null,\"vin\":\"1HGCM82643A004352\",\"make\":null,\"model\":null,\"color\":null},"
                + "{\"plate\":\"W 123\",\"plateState\":\"MX-SON\",\"vin\":\"WVWZZZ1JZXW000001\",\"make\":null,\"model\":null,\"color\":null}]")));
        assertEquals(JSON.readTree("{\"plate\":\"ABC123\",\"plateState\":\"FL\",\"vin\":null,\"vinCheck\":null}"),
                report.at("/entities/vehicles/0/normalized"));
        assertEquals("abc-123", report.at("/entities/vehicles/0/plate").asText(), "what was written stays");
        assertEquals(JSON.readTree("{\"plate\":null,\"plateState\":null,\"vin\":\"1HGCM82633A004352\",\"vinCheck\":\"VALID\"}"),
                report.at("/entities/vehicles/1/normalized"));
        assertEquals("1hgcm82633a004352", report.at("/entities/vehicles/1/vin").asText());
        assertEquals("INVALID", report.at("/entities/vehicles/2/normalized/vinCheck").asText());
        assertEquals(JSON.readTree("{\"plate\":\"W123\",\"plateState\":\"MX-SON\",\"vin\":\"WVWZZZ1JZXW000001\",\"vinCheck\":\"UNCHECKED\"}"),
                report.at("/entities/vehicles/3/normalized"));
    }

    @Test
    void everythingElseIsAsStoredNumbersIncluded() throws Exception {
        String body = stored("US-FL-12057", "[{\"number\":\"+18135550123\"}]", "[]");
        String event = mapper.eventReport(body);
        assertTrue(event.contains("\"quantity\":2.50,"), event);
        assertTrue(event.contains("\"quantity\":1E+2,"), event);
        assertTrue(event.contains("\"lat\":27.9506,"), event);
        ObjectNode withoutE164 = (ObjectNode) JSON.readTree(event);
        ((ObjectNode) withoutE164.at("/entities/phones/0")).remove("e164");
        assertEquals(JSON.readTree(body), withoutE164);
    }

    /**
     * The request that writes a version makes its event's report from the record it holds, without parsing the body
     * it stores; the relay makes it from the stored body. Both must give the same bytes, for every kind of entity.
     */
    @Test
    void theEventOfARecordIsTheEventOfItsStoredBodyByteForByte() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        new StrictJson().customize(json); // as the service's: Blackbird's property access included
        new InstantJson().customize(json); // and its instants
        String[] entities = {
            "{}",
            "{\"phones\":[],\"vehicles\":[]}",
            "{\"phones\":[{\"number\":\"(813) 555-0147\"},{\"number\":\"+593 2 123 4567\"}]}",
            "{\"vehicles\":[{\"plate\":\"abc-123\",\"plateState\":\" fl \",\"make\":\"Toyota\"},"
                    + "{\"vin\":\"1hgcm82633a004352\"},{\"vin\":\"1HGCM82643A004352\",\"color\":\"silver\"},"
                    + "{\"plate\":\"W 123\",\"plateState\":\"MX-SON\",\"vin\":\"WVWZZZ1JZXW000001\"}]}",
            "{\"persons\":[{\"name\":\"John Doe\",\"role\":\"suspect\"}],\"phones\":[{\"number\":\"813-555-0147\"}],"
                    + "\"vehicles\":[{\"plate\":\"BX2000123\",\"plateState\":\"US-FL\"}],"
                    + "\"substances\":[{\"name\":\"fentanyl\",\"quantity\":2.50,\"unit\":\"G\"},"
                    + "{\"name\":\"pills\",\"quantity\":1E+2,\"unit\":\"PILLS\"}]}" };
        // coordinates as officers' systems send them, and the edges of a double's text: 1.0E-4, -0.0
        String[] locations = { "{\"lat\":27.9506,\"lon\":-82.4572}", "{\"lat\":0.0001,\"lon\":-0.0}",
            "{\"lat\":-0.00001,\"lon\":0}", "{\"lat\":-90,\"lon\":180.0}", "{\"lat\":0.5,\"lon\":-78.123456789012}" };
        for (String jurisdiction : new String[] { "US-FL-12057", "EC", "TH-10" }) {
            for (String written : entities) {
                for (String location : locations) {
                    assertBothWaysAlike(json, jurisdiction, written, location);
                }
            }
        }
    }

    private static void assertBothWaysAlike(ObjectMapper json, String jurisdiction, String entities, String location)
            throws Exception {
        ReportMapper quarkusLike = new ReportMapper(json);
        ReportInput input = json.readValue("{\"externalRef\":\"R-1\",\"type\":\"OVERDOSE\","
                + "\"occurredAt\":\"2026-12-05T03:00:00Z\",\"jurisdiction\":\"" + jurisdiction + "\","
                + "\"location\":" + location + ",\"headline\":\"h\","
                + "\"narrative\":\"\\\"phones\\\":[] is no key\",\"entities\":" + entities + ","
                + "\"marking\":{\"tlp\":\"GREEN\",\"recipients\":[\"HCSO\"]}}", ReportInput.class);
        CaseReport report = quarkusLike.newReport(UUID.randomUUID(), "TAMPA-PD", input,
                Instant.parse("2026-12-05T04:00:00.123456Z"));
        for (CaseReport version : List.of(report,
                report.retracted("duplicate", Instant.parse("2026-12-05T04:01:00Z")))) {
            String body = quarkusLike.toJson(version);
            assertSameRecord(quarkusLike, version, body,
                    jurisdiction + " " + location + " " + entities + " v" + version.version());
        }
    }

    /**
     * The whole record the request hands to the relay (its value written in one pass, the report in it) is the
     * record the relay builds from the stored version, byte for byte: key, value and headers in order.
     */
    private static void assertSameRecord(ReportMapper mapper, CaseReport version, String body, String what) {
        UUID eventId = UUID.randomUUID();
        EventType type = version.version() == 1 ? EventType.ReportSubmitted : EventType.ReportRetracted;
        ProducerRecord<String, byte[]> handed = mapper.record("case-reports", eventId, type, version, body);
        ProducerRecord<String, byte[]> readBack = mapper.record("case-reports", new Unpublished(7, eventId,
                version.id(), version.version(), type.name(), version.updatedAt(), body, version.agency(), null));
        assertEquals(readBack.key(), handed.key(), what);
        assertEquals(new String(readBack.value(), StandardCharsets.UTF_8),
                new String(handed.value(), StandardCharsets.UTF_8), what);
        assertArrayEquals(readBack.value(), handed.value(), what);
        assertEquals(headers(readBack), headers(handed), what);
        assertEquals(List.of("ce_specversion", "1.0", "ce_id", eventId.toString()), headers(handed).subList(0, 4));
        assertEquals(List.of("content-type", "application/json"), headers(handed).subList(12, 14), "last");
    }

    private static List<String> headers(ProducerRecord<String, byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key());
            headers.add(new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Test
    void aSnapshotWithoutPhonesOrVehiclesIsSentAsStored() {
        String body = stored("US-FL-12057", "[]", "[]");
        assertSame(body, mapper.eventReport(body));
    }

    @Test
    void aNumberStoredUnderTheOldRuleThatIsNoPossibleNumberHasANullE164() throws Exception {
        // the strict E.164 rule of before let +12 and +1813555 through; they match nothing now
        JsonNode report = JSON.readTree(mapper.eventReport(stored("US-FL-12057",
                "[{\"number\":\"+12\"},{\"number\":\"+1813555\"},{\"number\":\"+18135550123\"}]", "[]")));
        assertTrue(report.at("/entities/phones/0/e164").isNull());
        assertTrue(report.at("/entities/phones/1/e164").isNull());
        assertEquals("+18135550123", report.at("/entities/phones/2/e164").asText());
    }
}
