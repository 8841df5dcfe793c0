package org.fusionexchange.intake.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.config.IntakeConfig;
import org.fusionexchange.intake.mapping.ReportMapper;
import org.fusionexchange.intake.repository.OutboxRepository;
import org.fusionexchange.intake.repository.OutboxRepository.Pending;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The relay is handed each committed change in memory and does not read it back; what it sends is the record the
 * stored version gives, header for header and field for field (against real Kafka and PostgreSQL). What was committed
 * while the relay was stopped is read back.
 */
@QuarkusTest
class RecordHandOffTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository outbox;

    @Inject
    ReportMapper mapper;

    @Inject
    IntakeConfig config;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void aCommittedChangeIsSentAsHandedAndIsTheRecordItsVersionGives() throws IOException {
        String token = Tokens.of(stack, "tampa.reporter");
        double readBefore = readBack();
        // entities, so that the event carries their normalised forms beside what was written
        String id = SampleReports.submit(token, SampleReports.drugSeizure());
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                .body(SampleReports.overdose().toString())
                .when().put("/api/v1/reports/" + id)
                .then().statusCode(200).body("version", equalTo(2));
        given().auth().oauth2(token).contentType("application/json").body("{\"reason\":\"duplicate\"}")
                .when().post("/api/v1/reports/" + id + "/retraction")
                .then().statusCode(200).body("version", equalTo(3));

        List<CaseReportsTopic.Message> sent = CaseReportsTopic.await(stack, List.of(id), 3, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        assertEquals(3, sent.size());
        assertEquals(readBefore, readBack(), "no record of this instance's commits was read back");
        for (CaseReportsTopic.Message message : sent) {
            assertSameRecord(message, fromItsVersion(message));
        }
        assertEquals(0, relay.handedRecords(), "nothing handed is left once sent");
    }

    @Test
    void aBatchIsSentAsHanded() throws IOException {
        String token = Tokens.of(stack, "tampa.reporter");
        double readBefore = readBack();
        double roundsBefore = rounds();
        String batch = "[" + SampleReports.drugSeizure() + "," + SampleReports.minimal() + ","
                + SampleReports.overdose() + "]";
        List<String> ids = given().auth().oauth2(token).contentType("application/json").body(batch)
                .when().post("/api/v1/reports/batch")
                .then().statusCode(200).body("accepted", equalTo(3)).extract().path("results.id");
        List<CaseReportsTopic.Message> sent = CaseReportsTopic.await(stack, ids, 3, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        assertEquals(3, sent.size());
        assertEquals(readBefore, readBack());
        // one transaction's three records, sent in one round (or two, had the relay woken between two commits)
        double roundsTaken = rounds() - roundsBefore;
        assertTrue(roundsTaken >= 1 && roundsTaken <= 2, "relay rounds counted: " + roundsTaken);
        for (CaseReportsTopic.Message message : sent) {
            assertSameRecord(message, fromItsVersion(message));
        }
    }

    @Test
    void whatWasCommittedWhileTheRelayWasStoppedIsReadBack() throws IOException {
        String token = Tokens.of(stack, "tampa.reporter");
        double readBefore = readBack();
        List<String> ids = new ArrayList<>();
        relay.stop();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(SampleReports.submit(token, SampleReports.drugSeizure()));
            }
            assertEquals(0, relay.handedRecords(), "a stopped relay is handed nothing");
        } finally {
            relay.start();
        }
        List<CaseReportsTopic.Message> sent = CaseReportsTopic.await(stack, ids, 3, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        assertEquals(3, sent.size());
        assertEquals(readBefore + 3, readBack(), "each was built from its stored version");
        for (CaseReportsTopic.Message message : sent) {
            assertSameRecord(message, fromItsVersion(message));
        }
    }

    /** The record the relay builds from the stored version the message names (its outbox row is gone by now). */
    private ProducerRecord<String, byte[]> fromItsVersion(CaseReportsTopic.Message message) {
        UUID eventId = UUID.fromString(message.headers().get("ce_id"));
        Pending row = new Pending(0, eventId, Instant.parse(message.headers().get("ce_time")), null);
        return mapper.record(config.relay().topic(),
                QuarkusTransaction.requiringNew().call(() -> outbox.readBack(List.of(row))).get(0));
    }

    private static void assertSameRecord(CaseReportsTopic.Message sent, ProducerRecord<String, byte[]> expected)
            throws IOException {
        assertEquals(expected.key(), sent.key());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : expected.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertEquals(List.copyOf(headers.entrySet()), List.copyOf(sent.headers().entrySet()),
                "the same headers, in the same order");
        JsonNode value = SampleReports.JSON.readTree(expected.value());
        assertEquals(value, sent.value(), "the same event");
    }

    private double rounds() {
        return registry.get("intake.outbox.relay.rounds").counter().count();
    }

    private double readBack() {
        return registry.get("intake.outbox.records.read.back").counter().count();
    }
}
