package org.fusionexchange.alert.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.smallrye.common.annotation.Identifier;

/**
 * The plain Kafka clients of this service, configured in one place: every {@code kafka.*} setting (bootstrap
 * servers, security.protocol, sasl.*, ssl.*, also from the environment such as KAFKA_SASL_JAAS_CONFIG), then what
 * each client needs on top.
 */
@Singleton
class KafkaClients {

    /**
     * How long a group member may go silent before its partitions go to another instance: an instance killed without
     * leaving its groups holds them that long (Kafka's default, 45 s, stalled routing and the projection for as long
     * after a SIGKILL). The broker's minimum is 6 s.
     */
    static final int SESSION_TIMEOUT_MS = 10_000;

    private final Map<String, Object> kafkaConfig;

    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /** A consumer without a group (null) reads by assignment and commits nothing. */
    KafkaConsumer<String, byte[]> consumer(String clientId, String groupId) {
        return consumer(clientId, groupId, "earliest");
    }

    /**
     * A consumer whose position out of the log's range is reset as {@code offsetReset} says: {@code none} for a
     * reader that counts records from a position it stored (the alerts' numbers), which must fail loudly rather than
     * skip records it never counted.
     */
    KafkaConsumer<String, byte[]> consumer(String clientId, String groupId, String offsetReset) {
        Map<String, Object> config = settings();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        // alerts are written in Kafka transactions: a consumer sees only what routing committed
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** acks=all and idempotent: a sent record is in the log once, and in order per partition. */
    KafkaProducer<String, byte[]> producer(String clientId) {
        Map<String, Object> config = settings();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The kafka.* settings without the group.id Quarkus adds from the application name: a client joins a group only
     * when it asks to.
     */
    Map<String, Object> settings() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    /** The partitions of a topic, waiting for it to exist. */
    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Runnable whileWaiting) {
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            whileWaiting.run();
            Worker.sleep(Duration.ofSeconds(1));
        }
    }
}
