package org.fusionexchange.intake.messaging;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fusionexchange.intake.config.IntakeConfig;
import org.fusionexchange.intake.repository.DirectoryAgencyRepository;
import org.fusionexchange.intake.service.AgencyDirectory;
import org.fusionexchange.intake.service.RequestQuotas;
import org.fusionexchange.intake.service.AgencyDirectory.Agency;
import org.fusionexchange.intake.service.AgencyDirectory.Quota;
import org.fusionexchange.intake.service.AgencyDirectory.Status;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Keeps the {@link AgencyDirectory} from directory.agencies. At start it loads the view an earlier run persisted, then
 * reads the compacted topic from the beginning by assignment (no group, nothing committed) and marks the view caught
 * up once it has read up to the end offsets found at start; it then follows the topic. Each snapshot is persisted
 * (highest version wins) before it is applied. A record that can never be processed goes to the dead-letter topic and
 * the next one is read; if it cannot go there either, it is logged, counted and skipped all the same: it is never
 * applied, and starting over would meet it again and never apply a later suspension. When Kafka or the database
 * fails, it starts over from the beginning after a pause.
 */
@ApplicationScoped
public class DirectoryConsumer {

    private static final Logger LOG = Logger.getLogger(DirectoryConsumer.class);
    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,31}");
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** A record that can never be processed, and why (without its content). */
    private static final class Poison extends Exception {
        Poison(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    private final IntakeConfig.Directory config;
    private final AgencyDirectory directory;
    private final DirectoryAgencyRepository store;
    private final DeadLetters deadLetters;
    private final RequestQuotas quotas;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper json;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread worker;

    public DirectoryConsumer(IntakeConfig config, AgencyDirectory directory, DirectoryAgencyRepository store,
            DeadLetters deadLetters, RequestQuotas quotas,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper json) {
        this.config = config.directory();
        this.directory = directory;
        this.store = store;
        this.deadLetters = deadLetters;
        this.quotas = quotas;
        this.kafkaConfig = kafkaConfig;
        this.json = json;
    }

    synchronized void onStart(@Observes StartupEvent event) {
        directory.load(QuarkusTransaction.requiringNew().call(store::all), config.kafkaWait());
        running = true;
        worker = new Thread(this::run, "directory-consumer");
        worker.setDaemon(true);
        worker.start();
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (worker != null) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the consumer thread runs (it does until shutdown, retrying after failures). */
    public boolean isRunning() {
        return running && worker != null && worker.isAlive();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                LOG.debug("Directory consumer woken up to stop");
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                directory.kafkaLost();
                LOG.warnf("Reading %s failed, starting over in %d ms: %s", config.topic(), backoff.toMillis(),
                        e.toString());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void consume() {
        String topic = config.topic();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = c.partitionsFor(topic, KAFKA_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist (yet)");
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, KAFKA_TIMEOUT);
            directory.kafkaAnswered();
            LOG.infof("Reading %s from the beginning up to %s", topic, end);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    process(record);
                }
                if (directory.source() != AgencyDirectory.Source.KAFKA
                        && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    directory.markCaughtUp();
                }
            }
        } finally {
            consumer = null;
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> props = new HashMap<>();
        // the kafka.* configuration (bootstrap servers, security), then what reading by assignment needs
        props.putAll(kafkaConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "intake-directory");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return props;
    }

    /**
     * Persists and applies one snapshot, or sends the record to the dead-letter topic if it can never be (skipping it
     * even when that send fails: see {@link DeadLetters#send}).
     */
    private void process(ConsumerRecord<String, byte[]> record) {
        Agency agency;
        try {
            agency = snapshot(record);
            try {
                QuarkusTransaction.requiringNew().run(() -> store.save(agency));
            } catch (RuntimeException e) {
                if (!dataError(e)) {
                    throw e;
                }
                throw new Poison("the database refuses the snapshot's values", e);
            }
        } catch (Poison poison) {
            deadLetters.send(record, config.deadLetterTopic(), poison.getMessage(), poison.getCause());
            return;
        }
        if (directory.apply(agency)) {
            quotas.agencyChanged(agency.code());
            LOG.infof("Agency %s is %s (directory version %d, quota %s)", agency.code(), agency.status(),
                    agency.version(), agency.quota() == null ? "default" : agency.quota());
        }
    }

    /** The part of the contract's agency snapshot this service needs, checked against its rules. */
    private Agency snapshot(ConsumerRecord<String, byte[]> record) throws Poison {
        if (record.value() == null) {
            throw new Poison("no value: agencies are never deleted", null);
        }
        JsonNode value;
        try {
            value = json.readTree(record.value());
        } catch (IOException e) {
            throw new Poison("the value is not JSON", e);
        }
        if (value == null || !value.isObject()) {
            throw new Poison("the value is not a JSON object", null);
        }
        String code = value.path("code").isTextual() ? value.get("code").asText() : null;
        if (code == null || !CODE.matcher(code).matches()) {
            throw new Poison("code is missing or not an agency code ([A-Z0-9][A-Z0-9-]{1,31})", null);
        }
        if (!code.equals(record.key())) {
            throw new Poison("the record's key is not the snapshot's code", null);
        }
        Status status;
        try {
            status = Status.valueOf(value.path("status").asText());
        } catch (IllegalArgumentException e) {
            throw new Poison("status is missing or neither ACTIVE nor SUSPENDED", null);
        }
        JsonNode version = value.path("version");
        if (!version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() < 0) {
            throw new Poison("version is missing or not a non-negative integer", null);
        }
        return new Agency(code, status, version.asLong(), quota(value.path("quota")));
    }

    /** The agency's own quota; absent (records older than the field) or null: the service's default. */
    private static Quota quota(JsonNode quota) throws Poison {
        if (quota.isMissingNode() || quota.isNull()) {
            return null;
        }
        JsonNode rps = quota.path("requestsPerSecond");
        JsonNode burst = quota.path("burst");
        if (!quota.isObject() || !rps.canConvertToInt() || !rps.isIntegralNumber() || !burst.isIntegralNumber()
                || !burst.canConvertToInt()) {
            throw new Poison("quota is neither null nor {requestsPerSecond, burst} with integers", null);
        }
        try {
            return new Quota(rps.intValue(), burst.intValue());
        } catch (IllegalArgumentException e) {
            throw new Poison("quota is out of range: " + e.getMessage(), null);
        }
    }

    /** A value the database refuses (too long, out of range, a broken constraint), as opposed to it being away. */
    private static boolean dataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
