package org.fusionexchange.directory.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fusionexchange.directory.config.DirectoryConfig;
import org.fusionexchange.directory.repository.OutboxMessageEntity;
import org.fusionexchange.directory.repository.OutboxMessageRepository;
import org.fusionexchange.directory.service.BackgroundLoop;
import org.fusionexchange.directory.service.DirectoryChanged;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes the outbox to directory.agencies, directory.counties and directory.ignored-entities, oldest first. A message is marked sent only
 * after the broker acknowledged it (acks=all, idempotent producer); a crash before that publishes it again after the
 * restart, which consumers tolerate since they keep the highest version per agency, county or entity.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String EVENT_TYPE = "org.fusionexchange.directory.AgencyChanged";
    static final String COUNTY_EVENT_TYPE = "org.fusionexchange.directory.CountySettingsChanged";
    static final String IGNORED_ENTITY_EVENT_TYPE = "org.fusionexchange.directory.EntityIgnoreChanged";
    static final String EVENT_SOURCE = "/directory-service";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH_TIMEOUT_SECONDS = 120;

    private final OutboxMessageRepository messages;
    private final DirectoryConfig config;
    private final Map<String, Object> kafkaConfig;
    private final BackgroundLoop loop = new BackgroundLoop("outbox-relay", this::drain);
    private KafkaProducer<String, String> producer;
    private volatile String lastError;

    public OutboxRelay(OutboxMessageRepository messages, DirectoryConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.messages = messages;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
    }

    /** Publishes what an earlier run left unsent. */
    void onStart(@Observes StartupEvent start) {
        loop.wake();
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) DirectoryChanged change) {
        loop.wake();
    }

    /** The fallback: catches up after the broker was unreachable. */
    @Scheduled(every = "${directory.outbox.poll-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        loop.wake();
    }

    /** The last publishing failure, cleared by the next success; null when none. */
    public String lastError() {
        return lastError;
    }

    private void drain() {
        int batch = config.outbox().batchSize();
        try {
            int published;
            do {
                published = QuarkusTransaction.requiringNew().timeout(BATCH_TIMEOUT_SECONDS).call(() -> publish(batch));
            } while (published == batch);
        } catch (RuntimeException e) {
            lastError = Instant.now() + " " + e.getMessage();
            LOG.warnf("Publishing the outbox failed, retrying at the next poll: %s", e.getMessage());
        }
    }

    /** Sends the oldest unsent messages and marks those acknowledged, in order; the rest stay for the next run. */
    private int publish(int batch) {
        List<OutboxMessageEntity> unsent = messages.lockUnsent(batch);
        if (unsent.isEmpty()) {
            return 0;
        }
        KafkaProducer<String, String> kafka = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(unsent.size());
        for (OutboxMessageEntity message : unsent) {
            acks.add(kafka.send(record(message)));
        }
        kafka.flush();
        Instant now = Instant.now();
        for (int i = 0; i < unsent.size(); i++) {
            OutboxMessageEntity message = unsent.get(i);
            try {
                acks.get(i).get();
                message.sentAt = now;
            } catch (ExecutionException e) {
                // the acknowledged ones before it stay marked; it and the rest go again, in order, next run
                lastError = Instant.now() + " " + e.getCause().getMessage();
                LOG.warnf("The broker did not acknowledge the change of %s (event %s): %s", message.messageKey,
                        message.eventId, e.getCause().getMessage());
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        lastError = null;
        LOG.debugf("Published %d directory snapshots", unsent.size());
        return unsent.size();
    }

    private ProducerRecord<String, String> record(OutboxMessageEntity message) {
        String topic = switch (message.stream) {
            case AGENCIES -> config.outbox().topic();
            case COUNTIES -> config.outbox().countiesTopic();
            case IGNORED_ENTITIES -> config.outbox().ignoredEntitiesTopic();
        };
        String type = switch (message.stream) {
            case AGENCIES -> EVENT_TYPE;
            case COUNTIES -> COUNTY_EVENT_TYPE;
            case IGNORED_ENTITIES -> IGNORED_ENTITY_EVENT_TYPE;
        };
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, message.messageKey, message.payload);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", message.eventId.toString());
        header(record, "ce_type", type);
        header(record, "ce_source", EVENT_SOURCE);
        header(record, "ce_time", message.occurredAt.toString());
        header(record, "ce_subject", message.messageKey);
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            // the kafka.* configuration (bootstrap servers, security), then what this relay's guarantees need
            Map<String, Object> props = new HashMap<>(kafkaConfig);
            props.remove("group.id");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "directory-service-outbox");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        loop.close();
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
