package org.fusionexchange.intake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fusionexchange.intake.service.AgencyDirectory;
import org.fusionexchange.stack.FusionStack;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.Arc;

/**
 * The tests' side of directory.agencies: agency snapshots in the contract's shape (from directory-service's
 * tampa-pd.json example), raw records for the poison cases, the demo agencies every test's tokens belong to, and the
 * dead-letter topic read back.
 */
public final class DirectoryTopic {

    public static final String TOPIC = "directory.agencies";
    public static final String DEAD_LETTERS = "directory.agencies.dlq";
    private static final Path EXAMPLE =
            Path.of("../directory-service/contracts/directory.agencies/examples/tampa-pd.json");

    /** The agencies of the realm's demo users and clients. */
    public static final List<String> DEMO_AGENCIES = List.of("TAMPA-PD", "PHOENIX-PD", "HCSO", "FL-FUSION", "AZ-DPS",
            "TUCSON-PD", "DEA", "PCSO", "TAMPA-BAY-TF");

    private static volatile boolean demoPublished;

    private DirectoryTopic() {
    }

    /**
     * The demo agencies on directory.agencies (version 1, ACTIVE; published once per application under test) and in
     * the service's view, as the local stack's directory-service would have them: without them, intake refuses
     * every token as of an unknown agency.
     */
    public static void demoAgencies(FusionStack stack) {
        synchronized (DirectoryTopic.class) {
            if (!demoPublished) {
                publish(stack, DEMO_AGENCIES.stream().map(code -> snapshot(code, "ACTIVE", 1)).toList());
                demoPublished = true;
            }
        }
        AgencyDirectory view = Arc.container().instance(AgencyDirectory.class).get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!DEMO_AGENCIES.stream().allMatch(view::isKnown)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The demo agencies did not reach the directory view: " + view.snapshot());
            }
            sleep(100);
        }
    }

    /** A snapshot of {@code code} in the contract's shape. */
    public static ObjectNode snapshot(String code, String status, long version) {
        try {
            ObjectNode value = (ObjectNode) SampleReports.JSON.readTree(Files.readString(EXAMPLE)).get("value");
            return value.put("code", code).put("name", code).put("status", status).put("version", version);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends a snapshot keyed by its code, with the contract's CloudEvents headers. */
    public static void publish(FusionStack stack, ObjectNode snapshot) {
        publish(stack, List.of(snapshot));
    }

    public static void publish(FusionStack stack, List<ObjectNode> snapshots) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (ObjectNode snapshot : snapshots) {
            records.add(record(snapshot.get("code").asText(), snapshot.toString().getBytes(StandardCharsets.UTF_8)));
        }
        send(stack, records);
    }

    /** Sends any key and value, as a forger or a broken producer might; answers the record's offset. */
    public static long send(FusionStack stack, String key, byte[] value) {
        return send(stack, List.of(record(key, value))).get(0);
    }

    private static List<Long> send(FusionStack stack, List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(stack),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                sent.add(producer.send(record));
            }
            List<Long> offsets = new ArrayList<>();
            for (Future<RecordMetadata> ack : sent) {
                offsets.add(ack.get().offset());
            }
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ProducerRecord<String, byte[]> record(String key, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, key, value);
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "org.fusionexchange.directory.AgencyChanged".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Creates the dead-letter topic unless it exists (the local stack creates it; older stacks did not). */
    public static void ensureDeadLetterTopic(FusionStack stack) throws Exception {
        try (Admin admin = stack.kafka().orElseThrow().admin()) {
            admin.createTopics(List.of(new NewTopic(DEAD_LETTERS, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The dead-letter topic's records with the given original offsets, waiting until all are there. */
    public static Map<Long, ConsumerRecord<String, byte[]>> deadLetters(FusionStack stack, Set<Long> offsets,
            Duration timeout) {
        Map<Long, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        Map<String, Object> config = new HashMap<>(clientConfig(stack));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(DEAD_LETTERS, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(DEAD_LETTERS, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !found.keySet().containsAll(offsets)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long offset = Long.parseLong(header(record, "dlq-offset"));
                    if (offsets.contains(offset)) {
                        found.put(offset, record);
                    }
                }
            }
        }
        return found;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> producerConfig(FusionStack stack) {
        Map<String, Object> config = new HashMap<>(clientConfig(stack));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** How the tests' own clients reach the stack's broker: as its superuser, since it authenticates everyone. */
    private static Map<String, Object> clientConfig(FusionStack stack) {
        return stack.kafka().orElseThrow().adminProperties();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
