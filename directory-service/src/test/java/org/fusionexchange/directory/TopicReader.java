package org.fusionexchange.directory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fusionexchange.stack.FusionStack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads directory.agencies (or directory.counties, directory.ignored-entities) from the beginning with a plain
 * consumer, as the other services do.
 */
public final class TopicReader {

    public static final String TOPIC = "directory.agencies";
    public static final String COUNTIES = "directory.counties";
    public static final String IGNORED_ENTITIES = "directory.ignored-entities";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message as it is on the wire. */
    public record Message(String key, Map<String, String> headers, JsonNode value) {
    }

    private TopicReader() {
    }

    /** Every message on directory.agencies now. */
    public static List<Message> all(FusionStack stack) {
        return all(stack, TOPIC);
    }

    /** Every message on the topic now. */
    public static List<Message> all(FusionStack stack, String topic) {
        Properties props = new Properties();
        props.putAll(stack.kafka().orElseThrow().adminProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Message> messages = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Instant deadline = Instant.now().plusSeconds(20);
            while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    messages.add(new Message(record.key(), headers, JSON.readTree(record.value())));
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable message on " + topic, e);
        }
        return messages;
    }

    public static List<Message> forKey(FusionStack stack, String key) {
        return matching(stack, m -> key.equals(m.key()));
    }

    public static List<Message> matching(FusionStack stack, Predicate<Message> filter) {
        return all(stack).stream().filter(filter).toList();
    }

    /** The messages of directory.counties for one county, oldest first. */
    public static List<Message> county(FusionStack stack, String county) {
        return forKey(stack, COUNTIES, county);
    }

    /** The messages of the topic with the key, oldest first. */
    public static List<Message> forKey(FusionStack stack, String topic, String key) {
        return all(stack, topic).stream().filter(m -> key.equals(m.key())).toList();
    }
}
