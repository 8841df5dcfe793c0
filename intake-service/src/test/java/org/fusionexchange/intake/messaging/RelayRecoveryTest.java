package org.fusionexchange.intake.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.repository.OutboxEntity;
import org.fusionexchange.intake.repository.OutboxRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Exactly once on case-reports across a crash between Kafka's acknowledgement and the outbox row's deletion: the
 * relay finds the record already on the topic and deletes the row instead of sending it again.
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
    ObjectMapper json;

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
            OutboxEntity row = QuarkusTransaction.requiringNew()
                    .call(() -> outbox.find("reportId", UUID.fromString(id)).singleResult());
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

    private void publishAsTheRelayWould(OutboxEntity row) throws Exception {
        Map<String, String> headers = json.readValue(row.headers, new TypeReference<Map<String, String>>() {
        });
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic, row.reportId.toString(),
                row.payload.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
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
            left = QuarkusTransaction.requiringNew().call(() -> outbox.count("reportId", reportId));
            if (left == 0) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertEquals(0, left, "the relay deleted the row of the record already on the topic");
    }
}
