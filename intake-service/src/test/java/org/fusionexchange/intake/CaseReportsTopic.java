package org.fusionexchange.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fusionexchange.stack.FusionStack;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads case-reports from the beginning with a plain consumer (no group), keeping the given reports' messages. */
public final class CaseReportsTopic {

    /** One message as the consumer saw it; {@code timestamp} is when the relay's producer sent it. */
    public record Message(String key, Map<String, String> headers, JsonNode value, int partition, long offset,
            Instant timestamp) {
    }

    private CaseReportsTopic() {
    }

    /**
     * Waits until at least {@code expected} messages keyed by the given report ids are on the topic, then reads on
     * for {@code settle} to catch any extra one, and answers all of them in topic order per partition.
     */
    public static List<Message> await(FusionStack stack, Collection<String> reportIds, int expected,
            Duration timeout, Duration settle) {
        Set<String> keys = Set.copyOf(reportIds);
        List<Message> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(stack.kafka().orElseThrow().adminProperties(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("case-reports", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        found.add(message(record));
                    }
                }
                if (found.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return found;
    }

    /**
     * Every message on the topic, once the report {@code sentinel}'s first message is there: the topic read from the
     * beginning up to its end offsets at that moment. What a test refused before submitting the sentinel would be
     * among them had it been published.
     */
    public static List<Message> allUpTo(FusionStack stack, String sentinel, Duration timeout) {
        await(stack, List.of(sentinel), 1, timeout, Duration.ZERO);
        List<Message> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(stack.kafka().orElseThrow().adminProperties(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("case-reports", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    found.add(message(record));
                }
            }
        }
        return found;
    }

    private static Message message(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        try {
            return new Message(record.key(), headers, SampleReports.JSON.readTree(record.value()),
                    record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()));
        } catch (Exception e) {
            throw new AssertionError("Unreadable value on case-reports: " + record.value(), e);
        }
    }
}
