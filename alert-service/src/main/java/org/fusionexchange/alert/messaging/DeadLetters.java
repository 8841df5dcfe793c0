package org.fusionexchange.alert.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.fusionexchange.alert.config.AlertConfig;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Where records that can never be processed go, so that they do not stall their partition: {@code <topic>.dlq}, the
 * same key and value, the original headers, and why in {@code dlq-*} headers. Each is counted
 * ({@code fusion_dead_letters_total{topic}}) and shown by the {@code dead-letters} readiness check.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String SUFFIX = ".dlq";
    public static final String REASON = "dlq-reason";
    public static final String TOPIC = "dlq-topic";
    public static final String PARTITION = "dlq-partition";
    public static final String OFFSET = "dlq-offset";
    public static final String EXCEPTION = "dlq-exception";
    static final String METRIC = "fusion.dead.letters";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    /** The dead-letter topic could not take the record: the caller retries it later rather than skip it. */
    public static class NotSent extends Exception {
        NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final MeterRegistry metrics;
    private final AtomicLong count = new AtomicLong();
    private volatile String last;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetters(AlertConfig config, KafkaClients kafkaClients, MeterRegistry metrics) {
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.metrics = metrics;
    }

    /**
     * Sends the record to its topic's dead-letter topic and waits for the acknowledgement.
     *
     * @param reason why it cannot be processed, without the record's content
     * @param cause the failure, if any (its class goes in {@code dlq-exception})
     */
    public void send(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) throws NotSent {
        send(record.topic(), record.partition(), record.offset(), record.key(), record.value(), record.headers(),
                reason, cause);
    }

    /** {@link #send(ConsumerRecord, String, Throwable)} for a record known by where it was read. */
    public void send(String topic, int partition, long offset, String key, byte[] value, Headers original,
            String reason, Throwable cause) throws NotSent {
        String where = topic + " " + partition + "@" + offset;
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic + SUFFIX, null, key, value);
        for (Header header : original) {
            dead.headers().add(header);
        }
        dead.headers().add(REASON, bytes(reason));
        dead.headers().add(TOPIC, bytes(topic));
        dead.headers().add(PARTITION, bytes(Integer.toString(partition)));
        dead.headers().add(OFFSET, bytes(Long.toString(offset)));
        dead.headers().add(EXCEPTION, bytes(cause == null ? "none" : cause.getClass().getName()));
        try {
            producer().send(dead).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSent("interrupted while sending " + where + " to the dead-letter topic", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new NotSent("could not send " + where + " to " + dead.topic() + ": " + e.getMessage(), e);
        }
        Counter.builder(METRIC).description("Records that could never be processed, sent to <topic>.dlq")
                .tag("topic", topic).register(metrics).increment();
        count.incrementAndGet();
        last = where;
        LOG.errorf("%s (key %s) sent to %s: %s", where, key, dead.topic(), reason);
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
            producer = kafkaClients.producer("alert-service-dlq");
        }
        return producer;
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
