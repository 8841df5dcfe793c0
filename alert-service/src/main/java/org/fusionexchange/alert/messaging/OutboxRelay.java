package org.fusionexchange.alert.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.repository.AlertEntity;
import org.fusionexchange.alert.repository.OutboxRepository;
import org.fusionexchange.alert.service.Alert;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Where alerts leave for Kafka: publishes the outbox to the {@code alerts} topic, keyed by recipient agency, with
 * CloudEvents headers, and deletes rows only after Kafka acknowledged them (acks=all). Woken right after each
 * routing commit; also looks every {@code alert.relay.poll-interval} for rows left by a failure or another instance.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    public static final String CE_TYPE_PREFIX = "org.fusionexchange.alert.";
    public static final String CE_SOURCE = "/alert-service";

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final OutboxRepository outbox;
    private final ObjectMapper json;
    private final Semaphore signal = new Semaphore(0);
    private final Worker worker = new Worker("outbox-relay", Duration.ofSeconds(1));

    public OutboxRelay(AlertConfig config, KafkaClients kafkaClients, OutboxRepository outbox, ObjectMapper json) {
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.outbox = outbox;
        this.json = json;
    }

    void start(@Observes StartupEvent event) {
        worker.start(this::relay);
    }

    void stop(@Observes ShutdownEvent event) {
        worker.stop();
    }

    public boolean alive() {
        return worker.alive();
    }

    /** Called after a commit that wrote outbox rows. */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    private void relay() throws InterruptedException {
        try (KafkaProducer<String, byte[]> producer = kafkaClients.producer(
                "alert-service-relay")) {
            while (worker.running()) {
                int sent = QuarkusTransaction.requiringNew().call(() -> publishBatch(producer));
                if (sent < 0) {
                    // another instance is relaying: look again shortly
                    signal.tryAcquire(20, TimeUnit.MILLISECONDS);
                } else if (sent < config.relay().batchSize()) {
                    signal.tryAcquire(config.relay().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    signal.drainPermits();
                }
            }
        }
    }

    /** @return the number of alerts published, or -1 when another instance holds the relay */
    private int publishBatch(KafkaProducer<String, byte[]> producer) throws Exception {
        if (!outbox.tryRelayLock()) {
            return -1;
        }
        List<AlertEntity> pending = outbox.unsentAlerts(config.relay().batchSize());
        if (pending.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
        for (AlertEntity alert : pending) {
            acks.add(producer.send(record(Alert.of(alert))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        outbox.deletePublished(pending.stream().map(alert -> alert.id).toList());
        LOG.debugf("Published %d alerts", pending.size());
        return pending.size();
    }

    ProducerRecord<String, byte[]> record(Alert alert) throws JsonProcessingException {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", alert.id().toString());
        header(headers, "ce_type", CE_TYPE_PREFIX + alert.msgType().name());
        header(headers, "ce_source", CE_SOURCE);
        header(headers, "ce_time", alert.createdAt().toString());
        header(headers, "ce_subject", alert.recipient());
        header(headers, "content-type", "application/json");
        return new ProducerRecord<>(config.kafka().alertsTopic(), null, alert.recipient(),
                json.writeValueAsBytes(alert.withoutAcknowledgement()), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
