package org.fusionexchange.intake.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.config.IntakeConfig;
import org.fusionexchange.intake.mapping.ReportMapper;
import org.fusionexchange.intake.repository.OutboxRepository;
import org.fusionexchange.intake.repository.OutboxRepository.Unpublished;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Exactly once on case-reports across a crash between Kafka's acknowledgement and the outbox row's deletion: the
 * relay finds the record already on the topic and deletes the row instead of sending it again. It looks after a
 * restart, and after another instance held the relay lock (which may have died mid-round).
 */
@QuarkusTest
class RelayRecoveryTest {

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

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void aRecordKafkaAcknowledgedBeforeTheCrashIsNotPublishedAgain() throws Exception {
        String token = Tokens.of(stack, "tampa.reporter");
        String id;
        relay.stop();
        try {
            id = SampleReports.submit(token, SampleReports.overdose());
            // what a relay killed after Kafka's acknowledgement leaves behind: the record on the topic, the row kept
            Unpublished row = QuarkusTransaction.requiringNew().call(() -> outbox.unpublished(10_000).stream()
                    .filter(r -> r.reportId().equals(UUID.fromString(id))).findFirst().orElseThrow());
            publishAsTheRelayWould(row);
            assertEquals(1, CaseReportsTopic.await(stack, List.of(id), 1, Duration.ofSeconds(30), Duration.ZERO)
                    .size());
        } finally {
            relay.start();
        }
        awaitOutboxEmptyFor(id);
        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, List.of(id), 1,
                Duration.ofSeconds(30), Duration.ofSeconds(3));
        assertEquals(1, messages.size(), "the report's event is on case-reports once, not sent again");
    }

    @Test
    void aBatchWhoseFirstRecordsKafkaAcknowledgedBeforeTheCrashSendsOnlyTheRest() throws Exception {
        String token = Tokens.of(stack, "tampa.reporter");
        List<String> ids;
        relay.stop();
        try {
            ArrayNode items = SampleReports.JSON.createArrayNode();
            for (int i = 0; i < 5; i++) {
                items.add(SampleReports.overdose());
            }
            ids = given().auth().oauth2(token).contentType("application/json").body(items.toString())
                    .when().post("/api/v1/reports/batch")
                    .then().statusCode(200).body("accepted", equalTo(5)).extract().path("results.id");
            List<UUID> reportIds = ids.stream().map(UUID::fromString).toList();
            List<Unpublished> rows = QuarkusTransaction.requiringNew().call(() -> outbox.unpublished(10_000).stream()
                    .filter(r -> reportIds.contains(r.reportId())).toList());
            assertEquals(reportIds, rows.stream().map(Unpublished::reportId).toList(),
                    "the batch's events, in its order");
            assertEquals(1, rows.stream().map(Unpublished::seq).distinct().count(), "in one outbox row");
            // a relay killed after Kafka acknowledged the row's first two records, before the rest were sent
            publishAsTheRelayWould(rows.get(0));
            publishAsTheRelayWould(rows.get(1));
        } finally {
            relay.start();
        }
        for (String id : ids) {
            awaitOutboxEmptyFor(id);
        }
        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, ids, ids.size(),
                Duration.ofSeconds(30), Duration.ofSeconds(3));
        assertEquals(ids.stream().sorted().toList(), messages.stream().map(CaseReportsTopic.Message::key).sorted()
                .toList(), "each of the batch's events on case-reports once: the two sent before, the rest after");
    }

    @Test
    void aRoundAfterAnotherInstanceHeldTheRelayLockChecksTheTopicFirst() throws Exception {
        relay.stop();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread otherInstance = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
            if (outbox.tryRelayLock()) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }), "other-relay-instance");
        try {
            relay.relayBatch();
            assertFalse(relay.recovering(), "a round that completed leaves nothing in doubt");

            otherInstance.start();
            assertTrue(held.await(30, TimeUnit.SECONDS), "the other instance took the relay lock");
            assertEquals(0, relay.relayBatch(), "no round while another instance holds the lock");
            // that instance may die mid-round, leaving acknowledged rows undeleted: the next round here must look
            assertTrue(relay.recovering(), "the round after a lock handover checks the topic first");
            release.countDown();
            otherInstance.join(30_000);

            relay.relayBatch();
            assertFalse(relay.recovering(), "once a round completed, batches are no longer checked");
        } finally {
            release.countDown();
            relay.start();
        }
    }

    private void publishAsTheRelayWould(Unpublished row) throws Exception {
        ProducerRecord<String, byte[]> record = mapper.record(config.relay().topic(), row);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafka().orElseThrow()
                .adminProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        }
    }

    private void awaitOutboxEmptyFor(String id) throws InterruptedException {
        UUID reportId = UUID.fromString(id);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long left;
        do {
            left = QuarkusTransaction.requiringNew().call(() -> outbox.unpublishedOf(List.of(reportId)));
            if (left == 0) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertEquals(0, left, "the relay deleted the row of the record already on the topic");
    }
}
