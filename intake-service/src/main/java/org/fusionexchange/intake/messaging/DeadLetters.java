package org.fusionexchange.intake.messaging;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Where records that can never be processed go, so that they do not stall their partition: a dead-letter topic,
 * with the same key, value and headers, and why in {@code dlq-*} headers. Each is counted
 * ({@code fusion_dead_letters_total{topic}}) and shown by the {@code dead-letters} readiness check. A record that
 * could not be sent there (the topic or its ACL missing) is logged as an error with where it came from and counted
 * ({@code fusion_dead_letters_failed_total{topic}}), and the caller goes on: retrying it would stall its partition
 * behind it for good.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "dlq-reason";
    public static final String TOPIC = "dlq-topic";
    public static final String PARTITION = "dlq-partition";
    public static final String OFFSET = "dlq-offset";
    public static final String EXCEPTION = "dlq-exception";
    static final String METRIC = "fusion.dead.letters";
    static final String FAILED_METRIC = "fusion.dead.letters.failed";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Map<String, Object> kafkaConfig;
    private final MeterRegistry metrics;
    private final AtomicLong count = new AtomicLong();
    private volatile String last;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry metrics) {
        this.kafkaConfig = kafkaConfig;
        this.metrics = metrics;
    }

    /**
     * Sends the record to {@code deadLetterTopic} and waits for Kafka's acknowledgement. When it could not, logs and
     * counts that and answers false, for the caller to skip the record all the same (it can never be processed).
     *
     * @param reason why it cannot be processed, without the record's content
     * @param cause the failure, if any (its class goes in {@code dlq-exception})
     * @return whether the record is on the dead-letter topic
     */
    public boolean send(ConsumerRecord<String, byte[]> record, String deadLetterTopic, String reason, Throwable cause) {
        String where = record.topic() + " " + record.partition() + "@" + record.offset();
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(deadLetterTopic, null, record.key(),
                record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        dead.headers().add(REASON, bytes(reason));
        dead.headers().add(TOPIC, bytes(record.topic()));
        dead.headers().add(PARTITION, bytes(Integer.toString(record.partition())));
        dead.headers().add(OFFSET, bytes(Long.toString(record.offset())));
        dead.headers().add(EXCEPTION, bytes(cause == null ? "none" : cause.getClass().getName()));
        try {
            producer().send(dead).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending " + where + " to " + deadLetterTopic, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            closeProducer();
            Throwable why = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            Counter.builder(FAILED_METRIC)
                    .description("Records that could never be processed and could not be sent to a dead-letter topic")
                    .tag("topic", record.topic()).register(metrics).increment();
            LOG.errorf("%s (key %s) could not be sent to %s, skipped without it: %s; reason it cannot be processed: %s",
                    where, record.key(), deadLetterTopic, why.toString(), reason);
            return false;
        }
        Counter.builder(METRIC).description("Records that could never be processed, sent to a dead-letter topic")
                .tag("topic", record.topic()).register(metrics).increment();
        count.incrementAndGet();
        last = where;
        LOG.errorf("%s (key %s) sent to %s: %s", where, record.key(), deadLetterTopic, reason);
        return true;
    }

    /** How many records this instance sent to a dead-letter topic since it started. */
    public long count() {
        return count.get();
    }

    /** Where the last record sent came from (topic partition@offset), or null; the reason is in its headers. */
    public String last() {
        return last;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            // the kafka.* configuration (bootstrap servers, security), then what a dead letter needs: kept once
            props.putAll(kafkaConfig);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "intake-dead-letters");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private synchronized void closeProducer() {
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("Closing the dead-letter producer failed", e);
            }
            producer = null;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        closeProducer();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
