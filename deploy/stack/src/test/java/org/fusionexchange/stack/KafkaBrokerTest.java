package org.fusionexchange.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stack's broker is a real Kafka: records go in and come back out, and the topics are set up as documented. */
class KafkaBrokerTest {

    private static FusionStack stack;
    private static KafkaBroker kafka;

    @BeforeAll
    static void start() {
        Path state = Path.of(System.getProperty("fusion.stack.state-dir", "target/stack"), "kafka-" + UUID.randomUUID());
        stack = FusionStack.builder(state).kafka(Ports.free(), Ports.free()).build().start();
        kafka = stack.kafka().orElseThrow();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aProducedRecordIsConsumedBack() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.adminProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("case-reports", key, "{\"hello\":\"kafka\"}")).get(10, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.adminProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "stack-test-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("case-reports"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.key().equals(key)) {
                        received.add(r);
                    }
                });
            }
        }
        assertEquals(1, received.size());
        assertEquals("{\"hello\":\"kafka\"}", received.get(0).value());
    }

    @Test
    void theTopicsExistWithTheirPartitionsAndCompaction() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<String, TopicDescription> topics = admin
                    .describeTopics(Set.of("case-reports", "alerts", "directory.agencies", "directory.counties",
                            "directory.ignored-entities", "case-reports.dlq", "directory.agencies.dlq")).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertEquals(6, topics.get("case-reports").partitions().size());
            assertEquals(6, topics.get("alerts").partitions().size());
            assertEquals(1, topics.get("directory.agencies").partitions().size());
            assertEquals(1, topics.get("directory.counties").partitions().size());
            assertEquals(1, topics.get("directory.ignored-entities").partitions().size());
            assertEquals(6, topics.get("case-reports.dlq").partitions().size());
            assertEquals(1, topics.get("directory.agencies.dlq").partitions().size());
            for (String compacted : List.of("directory.agencies", "directory.counties",
                    "directory.ignored-entities")) {
                ConfigResource directory = new ConfigResource(ConfigResource.Type.TOPIC, compacted);
                String policy = admin.describeConfigs(Set.of(directory)).all().get(10, TimeUnit.SECONDS)
                        .get(directory).get("cleanup.policy").value();
                assertEquals("compact", policy, compacted);
            }
        }
    }

    @Test
    void stoppingLeavesNoBrokerProcess() {
        Path state = Path.of(System.getProperty("fusion.stack.state-dir", "target/stack"), "kafka-" + UUID.randomUUID());
        FusionStack other = FusionStack.builder(state).kafka(Ports.free(), Ports.free()).build().start();
        long pid = other.kafka().orElseThrow().process().pid();
        assertTrue(ProcessHandle.of(pid).isPresent());
        other.close();
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
}
