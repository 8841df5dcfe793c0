package org.fusionexchange.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the alerts topic from the beginning, as an agency's own system subscribed to it would. */
final class AlertsTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertsTopic() {
    }

    /** Every alert for the recipient that matches, read until the timeout passes without the expected count. */
    static List<JsonNode> alertsFor(String recipient, Predicate<JsonNode> match, int expected, Duration timeout) {
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(SystemStack.stack().kafka().orElseThrow()
                .adminProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("alerts"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(record -> {
                    if (recipient.equals(record.key())) {
                        try {
                            JsonNode value = JSON.readTree(record.value());
                            if (match.test(value)) {
                                found.add(value);
                            }
                        } catch (Exception e) {
                            throw new AssertionError("An alert that is not JSON: " + record.value(), e);
                        }
                    }
                });
            }
        }
        return found;
    }
}
