package org.fusionexchange.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.DemoDirectory;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Records that can never be processed do not stall their partition: they go to {@code <topic>.dlq} with the reason
 * in their headers, are counted and shown in health, and the next record is processed. A database that is down is
 * not such a reason.
 */
@QuarkusTest
class PoisonRecordTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @BeforeEach
    void demoDirectoryAndDeadLetterTopics() throws Exception {
        Exchange.demoDirectory(stack, directory);
        // the stack creates them; a stack library from before the dead-letter topics does not
        try (Admin admin = stack.kafka().orElseThrow().admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of("case-reports.dlq", "directory.agencies.dlq")) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, 1, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
    }

    @Test
    void anOriginatorTooLongAndAnUnreadableEventGoToTheDeadLetterTopicAndTheNextReportIsRouted() {
        UUID good = UUID.randomUUID();
        UUID poisoned = UUID.randomUUID();
        // the same key as the good report: the same partition, before it
        ObjectNode tooLong = Exchange.report("overdose-tampa-submitted.json", poisoned);
        ((ObjectNode) tooLong.get("value")).put("agency", "TAMPA-PD-" + "X".repeat(31));
        tooLong.put("key", good.toString());
        ObjectNode unreadable = Exchange.report("overdose-tampa-submitted.json", UUID.randomUUID());
        unreadable.put("value", "not an event");
        unreadable.put("key", good.toString());
        double countedBefore = counted("case-reports");

        Exchange.send(stack, "case-reports", tooLong, unreadable,
                Exchange.report("overdose-tampa-submitted.json", good));

        Exchange.await("the good report's 4 alerts", WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", good)) == 4);
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", poisoned)));

        List<ConsumerRecord<String, byte[]>> dead = records("case-reports.dlq", good.toString(), 2);
        assertEquals(2, dead.size(), "both poison records, once each");
        ConsumerRecord<String, byte[]> first = dead.get(0);
        assertEquals("agency (the originator) is longer than 32 characters", header(first, "dlq-reason"));
        assertEquals("case-reports", header(first, "dlq-topic"));
        assertEquals("none", header(first, "dlq-exception"));
        assertEquals(tooLong.get("value"), json(first.value()), "the record as it was");
        assertEquals(poisoned.toString(), header(first, "ce_subject"), "its own headers kept");
        ConsumerRecord<String, byte[]> second = dead.get(1);
        assertEquals("not a readable case-reports event", header(second, "dlq-reason"));
        assertTrue(header(second, "dlq-exception").startsWith("com.fasterxml.jackson"), header(second, "dlq-exception"));
        assertArrayEquals("\"not an event\"".getBytes(StandardCharsets.UTF_8), second.value());
        assertEquals(header(first, "dlq-partition"), header(second, "dlq-partition"));
        assertEquals(Long.parseLong(header(first, "dlq-offset")) + 1, Long.parseLong(header(second, "dlq-offset")));

        assertEquals(countedBefore + 2, counted("case-reports"), "fusion_dead_letters_total{topic=case-reports}");
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'dead-letters' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'dead-letters' }.data.degraded", org.hamcrest.Matchers.equalTo(true))
                .body("checks.find { it.name == 'dead-letters' }.data.deadLetters",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    @Test
    void anUnreadableDirectoryRecordGoesToItsDeadLetterTopicAndTheViewGoesOn() {
        String broken = "BROKEN-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode unreadable = DemoDirectory.message(broken, "LOCAL", List.of("IS"), List.of(), "ACTIVE", 1);
        unreadable.put("value", "not a snapshot");
        ObjectNode after = DemoDirectory.message("DLQ-" + broken, "LOCAL", List.of("IS"), List.of(), "ACTIVE", 1);

        Exchange.send(stack, "directory.agencies", unreadable, after);

        Exchange.await("the next snapshot in the view", WAIT, () -> directory.agency("DLQ-" + broken).isPresent());
        List<ConsumerRecord<String, byte[]>> dead = records("directory.agencies.dlq", broken, 1);
        assertEquals(1, dead.size());
        assertEquals("not a readable agency snapshot", header(dead.get(0), "dlq-reason"));
        assertEquals("directory.agencies", header(dead.get(0), "dlq-topic"));
        assertTrue(directory.agency(broken).isEmpty());
    }

    @Test
    void aNamedRecipientThatIsNullGoesToTheDeadLetterTopicAndTheNextReportIsRouted() {
        UUID good = UUID.randomUUID();
        UUID poisoned = UUID.randomUUID();
        // TLP:RED naming a null agency: complete, but routing it would fail for ever
        ObjectNode nullRecipient = Exchange.report("overdose-tampa-submitted.json", poisoned);
        ObjectNode marking = (ObjectNode) nullRecipient.get("value").get("report").get("marking");
        marking.put("tlp", "RED");
        marking.putArray("recipients").addNull();
        // the same key as the good report: the same partition, before it
        nullRecipient.put("key", good.toString());
        double countedBefore = counted("case-reports");

        Exchange.send(stack, "case-reports", nullRecipient, Exchange.report("overdose-tampa-submitted.json", good));

        Exchange.await("the good report's 4 alerts", WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", good)) == 4);
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", poisoned)));
        List<ConsumerRecord<String, byte[]>> dead = records("case-reports.dlq", good.toString(), 1);
        assertEquals(1, dead.size(), "the poison record, once");
        assertEquals("report.marking.recipients holds a missing or blank agency code", header(dead.get(0),
                "dlq-reason"));
        assertEquals("case-reports", header(dead.get(0), "dlq-topic"));
        assertEquals(nullRecipient.get("value"), json(dead.get(0).value()), "the record as it was");
        assertEquals(countedBefore + 1, counted("case-reports"), "fusion_dead_letters_total{topic=case-reports}");
    }

    @Test
    void aReportWhosePhonesHoldANullIsRoutedUnmatchedAndTheNextReportIsRouted() {
        UUID good = UUID.randomUUID();
        UUID odd = UUID.randomUUID();
        // a first version whose phones hold a null: entity matching cannot read its values, routing can route it
        ObjectNode nullPhone = Exchange.report("overdose-tampa-submitted.json", odd);
        ((ObjectNode) nullPhone.get("value").get("report")).putObject("entities").putArray("phones").addNull();
        // the same key as the good report: the same partition, before it
        nullPhone.put("key", good.toString());

        Exchange.send(stack, "case-reports", nullPhone, Exchange.report("overdose-tampa-submitted.json", good));

        Exchange.await("the good report's 4 alerts", WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", good)) == 4);
        assertEquals(4L, QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", odd)),
                "the report with the null phone is routed as any other");
    }

    @Test
    void aSnapshotWithoutAKnownStatusOrAVersionGoesToItsDeadLetterTopicAndIsNotApplied() {
        String prefix = "BAD-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode unknownStatus = DemoDirectory.message(prefix + "-S", "LOCAL", List.of("IS"), List.of(), "ACTIVE", 1);
        ((ObjectNode) unknownStatus.get("value")).put("status", "PROBATION");
        ObjectNode noStatus = DemoDirectory.message(prefix + "-N", "LOCAL", List.of("IS"), List.of(), "ACTIVE", 1);
        ((ObjectNode) noStatus.get("value")).remove("status");
        ObjectNode versionZero = DemoDirectory.message(prefix + "-V", "LOCAL", List.of("IS"), List.of(), "ACTIVE", 0);
        ObjectNode noVersion = DemoDirectory.message(prefix + "-M", "LOCAL", List.of("IS"), List.of(), "ACTIVE", 1);
        ((ObjectNode) noVersion.get("value")).remove("version");
        ObjectNode after = DemoDirectory.message(prefix + "-OK", "LOCAL", List.of("IS"), List.of(), "ACTIVE", 1);

        Exchange.send(stack, "directory.agencies", unknownStatus, noStatus, versionZero, noVersion, after);

        Exchange.await("the next snapshot in the view", WAIT, () -> directory.agency(prefix + "-OK").isPresent());
        for (String code : List.of(prefix + "-S", prefix + "-N")) {
            List<ConsumerRecord<String, byte[]>> dead = records("directory.agencies.dlq", code, 1);
            assertEquals(1, dead.size(), code);
            assertEquals("the snapshot's status is neither ACTIVE nor SUSPENDED", header(dead.get(0), "dlq-reason"));
            assertTrue(directory.agency(code).isEmpty(), code + " not applied");
        }
        List<ConsumerRecord<String, byte[]>> dead = records("directory.agencies.dlq", prefix + "-V", 1);
        assertEquals(1, dead.size());
        assertEquals("the snapshot has no positive version", header(dead.get(0), "dlq-reason"));
        assertEquals("directory.agencies", header(dead.get(0), "dlq-topic"));
        assertTrue(directory.agency(prefix + "-V").isEmpty(), "not applied");
        // a missing version is refused by strict reading already
        assertEquals(1, records("directory.agencies.dlq", prefix + "-M", 1).size());
        assertTrue(directory.agency(prefix + "-M").isEmpty(), "not applied");
    }

    /** The records of a topic with the key, from its beginning, waiting until there are {@code count}. */
    private List<ConsumerRecord<String, byte[]>> records(String topic, String key, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                stack.kafka().orElseThrow().adminProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline) && found.size() < count) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
            // a little longer, to see a record too many
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (key.equals(r.key())) {
                    found.add(r);
                }
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] value) {
        try {
            return ContractExamples.JSON.readTree(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double counted(String topic) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^fusion_dead_letters_total\\{[^}]*topic=\"" + Pattern.quote(topic)
                + "\"[^}]*} ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
