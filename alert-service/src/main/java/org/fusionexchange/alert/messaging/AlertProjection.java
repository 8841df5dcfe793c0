package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.repository.ProjectionState;
import org.fusionexchange.alert.service.Alert;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * PostgreSQL as a projection of the {@code alerts} topic: what the lists, acknowledgements and SSE replays read.
 * Consumes the topic {@code read_committed} in its own group (instances share the partitions), numbers each
 * recipient's alerts by counting ({@link AlertNumbers}), and writes each poll in one transaction of multi-row inserts,
 * together with where it stopped in each partition and each recipient's last number ({@link ProjectionState}). That
 * position, not the group's committed offset, is where it goes on after a restart or a rebalance, so every alert is
 * stored once with the number every reader gives it. A position advances only from where this instance read it: an
 * instance that lost a partition to another stores nothing of it and reads its positions again. A failure (database
 * unreachable) starts the consumer again after a pause, from the stored positions: nothing is skipped.
 */
@ApplicationScoped
public class AlertProjection {

    private static final Logger LOG = Logger.getLogger(AlertProjection.class);

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final AlertRepository alerts;
    private final ProjectionState state;
    private final ObjectMapper json;
    private final Counter unreadable;
    private final Worker worker;
    /** The stored position of each partition this instance projects: its next offset. */
    private final Map<TopicPartition, Long> owned = new HashMap<>();
    private AlertNumbers numbers;

    public AlertProjection(AlertConfig config, KafkaClients kafkaClients, AlertRepository alerts,
            ProjectionState state, ObjectMapper json, MeterRegistry metrics) {
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.alerts = alerts;
        this.state = state;
        // every record of the topic takes its recipient's next number before it is read (AlertNumbers, as the live
        // feed does), so what a newer version wrote must still be stored under it: an enum value this version does not
        // know (a new cancel reason, say) is read as none, and the row keeps the record's JSON as published
        this.json = json.copy().enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
        this.unreadable = Counter.builder("fusion.alerts.unreadable")
                .description("Records of the alerts topic that are not an alert, left out of the projection")
                .register(metrics);
        this.worker = new Worker("alert-projection", config.kafka().retryBackoff());
    }

    void start(@Observes StartupEvent event) {
        worker.start(this::project);
    }

    void stop(@Observes ShutdownEvent event) {
        worker.stop();
    }

    public boolean alive() {
        return worker.alive();
    }

    private void project() {
        String topic = config.kafka().alertsTopic();
        owned.clear();
        try (KafkaConsumer<String, byte[]> c = worker.polling(kafkaClients.consumer("alert-service-projection",
                config.projection().groupId(), "none"))) {
            c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    owned.keySet().removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    take(c, partitions);
                }
            });
            while (worker.running()) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    store(c, records);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Alert projection woken up to stop");
        }
    }

    /** Goes on in {@code partitions} from their stored positions, with the stored numbers. */
    private void take(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String topic = config.kafka().alertsTopic();
        // a partition never projected starts at its beginning
        Map<Integer, Long> starts = new HashMap<>();
        c.beginningOffsets(partitions).forEach((p, offset) -> starts.put(p.partition(), offset));
        ProjectionState.Snapshot stored = QuarkusTransaction.requiringNew().call(() -> {
            state.startAt(topic, starts);
            return state.read(topic);
        });
        numbers = new AlertNumbers(json, stored.numbers());
        for (TopicPartition p : partitions) {
            long at = stored.positions().get(p.partition());
            owned.put(p, at);
            c.seek(p, at);
        }
        LOG.infof("Projecting alerts partitions %s from offsets %s", partitions.stream().map(TopicPartition::partition)
                .sorted().toList(), partitions.stream().map(owned::get).toList());
    }

    private void store(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        AlertNumbers numbered = numbers.copy();
        List<AlertRepository.Published> batch = new ArrayList<>(records.count());
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition p : records.partitions()) {
            if (!owned.containsKey(p)) {
                continue;
            }
            List<ConsumerRecord<String, byte[]>> partition = records.records(p);
            for (ConsumerRecord<String, byte[]> record : partition) {
                try {
                    // the numbered bytes are what lists show: written by routing with this service's mapper
                    byte[] value = numbered.number(Objects.requireNonNull(record.key(), "no key"), record.value());
                    batch.add(new AlertRepository.Published(json.readValue(value, Alert.class),
                            new String(value, StandardCharsets.UTF_8)));
                } catch (IOException | RuntimeException e) {
                    unreadable.increment();
                    LOG.errorf("alerts %d@%d (key %s) is not an alert and is left out of the projection: %s",
                            record.partition(), record.offset(), record.key(), e.getMessage());
                }
            }
            next.put(p, partition.get(partition.size() - 1).offset() + 1);
        }
        String topic = config.kafka().alertsTopic();
        int stored;
        try {
            stored = QuarkusTransaction.requiringNew().call(() -> {
                for (Map.Entry<TopicPartition, Long> p : next.entrySet()) {
                    if (!state.advance(topic, p.getKey().partition(), owned.get(p.getKey()), p.getValue())) {
                        throw new Moved(p.getKey());
                    }
                }
                int inserted = alerts.insertPublished(batch);
                state.saveNumbers(numbered.changed());
                return inserted;
            });
        } catch (RuntimeException e) {
            Moved moved = Moved.in(e);
            if (moved == null) {
                throw e;
            }
            LOG.warnf("alerts partition %d was projected by another instance since this one read it: reading the"
                    + " stored positions again", moved.partition.partition());
            take(c, Set.copyOf(owned.keySet()));
            return;
        }
        owned.putAll(next);
        numbers = numbered;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((p, offset) -> offsets.put(p, new OffsetAndMetadata(offset)));
        try {
            // for lag monitoring only: the stored positions are where the projection goes on
            c.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.debugf("Offsets not committed (%s): the stored positions hold", e.getMessage());
        }
        LOG.debugf("Projected %d alerts (%d new)", batch.size(), stored);
    }

    /** A partition's stored position moved under this instance: another one projects it now. */
    private static final class Moved extends RuntimeException {
        final transient TopicPartition partition;

        Moved(TopicPartition partition) {
            super("alerts partition " + partition.partition() + " moved on", null, false, false);
            this.partition = partition;
        }

        static Moved in(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Moved moved) {
                    return moved;
                }
            }
            return null;
        }
    }
}
