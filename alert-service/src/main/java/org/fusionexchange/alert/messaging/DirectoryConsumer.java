package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.service.DirectoryAgency;
import org.fusionexchange.alert.service.DirectoryStore;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.EntityMatchSettings;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.alert.service.SpikeAudience;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Rebuilds the routing view from the compacted {@code directory.agencies} topic at every start, from the beginning,
 * then keeps following it; likewise each county's own spike thresholds from {@code directory.counties}. The view is marked caught up once it has read up to the end offsets seen at start-up.
 * Every snapshot kept is persisted ({@link DirectoryStore}); if the topic cannot be read up to its end offsets within
 * {@code alert.directory.persisted-view-after} of start (Kafka unreachable), the persisted view is loaded and used. A snapshot that suspends an
 * agency ends its open streams. An unreadable or invalid record (status neither ACTIVE nor SUSPENDED, no version,
 * no code or kind) goes to {@code directory.agencies.dlq} without being applied.
 */
@ApplicationScoped
public class DirectoryConsumer {

    private static final Logger LOG = Logger.getLogger(DirectoryConsumer.class);
    private static final Duration SAVE_RETRY = Duration.ofSeconds(30);

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final DirectoryView view;
    private final DirectoryStore store;
    private final LiveAlerts live;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;
    private final Worker worker = new Worker("directory-consumer", Duration.ofSeconds(2));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "directory-persisted-view");
        t.setDaemon(true);
        return t;
    });
    /** Snapshots kept in the view but not persisted yet (the database was unreachable), by agency code. */
    private final Map<String, DirectoryAgency> unsaved = new LinkedHashMap<>();
    /** The version of each county's settings applied, from directory.counties. */
    private final Map<String, Long> countyVersions = new HashMap<>();
    private final SpikeAudience spikes;
    private final EntityMatchSettings matches;
    private long nextSaveAttempt = System.nanoTime();

    public DirectoryConsumer(AlertConfig config, KafkaClients kafkaClients, DirectoryView view, DirectoryStore store,
            LiveAlerts live, DeadLetters deadLetters, ObjectMapper json, SpikeAudience spikes,
            EntityMatchSettings matches) {
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.view = view;
        this.store = store;
        this.live = live;
        this.deadLetters = deadLetters;
        this.json = json;
        this.spikes = spikes;
        this.matches = matches;
    }

    void start(@Observes StartupEvent event) {
        worker.start(this::consume);
        long every = config.directory().persistedViewAfter().toMillis();
        timer.scheduleWithFixedDelay(this::fallBackToPersistedView, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * While the topic has not been read up to its end offsets (Kafka unreachable), answers with the view persisted
     * last, read again each time until there is one (the database may come up later than the service).
     */
    private void fallBackToPersistedView() {
        if (view.loaded()) {
            return;
        }
        try {
            view.restore(store.load());
        } catch (Exception e) {
            LOG.warnf("The persisted directory view could not be loaded: %s", e.getMessage());
            return;
        }
        if (view.usePersisted()) {
            LOG.warnf("%s not read within %s: answering with the persisted view of %d agencies",
                    config.kafka().directoryTopic(), config.directory().persistedViewAfter(), view.size());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        worker.stop();
    }

    public boolean alive() {
        return worker.alive();
    }

    private void consume() {
        String topic = config.kafka().directoryTopic();
        String counties = config.kafka().countiesTopic();
        String ignores = config.kafka().ignoredEntitiesTopic();
        try (KafkaConsumer<String, byte[]> c = worker.polling(
                kafkaClients.consumer("alert-service-directory", null))) {
            List<TopicPartition> partitions = new ArrayList<>(KafkaClients.partitions(c, topic,
                    () -> LOG.infof("Waiting for topic %s", topic)));
            partitions.addAll(KafkaClients.partitions(c, counties, () -> LOG.infof("Waiting for topic %s", counties)));
            partitions.addAll(KafkaClients.partitions(c, ignores, () -> LOG.infof("Waiting for topic %s", ignores)));
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (worker.running()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    if (record.topic().equals(counties)) {
                        applyCounty(record);
                    } else if (record.topic().equals(ignores)) {
                        applyIgnore(record);
                    } else {
                        apply(record);
                    }
                }
                persist();
                if (!view.caughtUp() && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    view.markCaughtUp();
                    LOG.infof("Directory view caught up: %d agencies, %d counties with their own spike thresholds",
                            view.size(), countyVersions.size());
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Directory consumer woken up to stop");
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        AgencySnapshot snapshot;
        try {
            snapshot = json.readValue(record.value(), AgencySnapshot.class);
        } catch (IOException e) {
            deadLetter(record, "not a readable agency snapshot", e);
            return;
        }
        if (snapshot.code() == null || !snapshot.code().equals(record.key())) {
            deadLetter(record, "the snapshot's code is not its key", null);
            return;
        }
        String defect = snapshot.defect();
        if (defect != null) {
            deadLetter(record, defect, null);
            return;
        }
        DirectoryAgency agency = snapshot.toAgency();
        if (view.apply(agency)) {
            LOG.debugf("Agency %s v%d (%s)", snapshot.code(), snapshot.version(), snapshot.status());
            unsaved.put(agency.code(), agency);
            if (agency.suspended()) {
                live.endAgency(agency.code(), "agency suspended");
            }
        }
    }

    /** A county's own spike thresholds, or its return to the defaults; an older version than one applied is ignored. */
    private void applyCounty(ConsumerRecord<String, byte[]> record) {
        CountySettings settings = setting(record, CountySettings.class, "county settings",
                s -> s.defect() != null ? s.defect()
                        : s.county().equals(record.key()) ? null : "the settings' county is not their key");
        if (settings == null) {
            return;
        }
        Long applied = countyVersions.get(settings.county());
        if (applied != null && applied >= settings.version()) {
            return;
        }
        countyVersions.put(settings.county(), settings.version());
        spikes.override(settings.county(), settings.thresholds());
        LOG.infof("County %s v%d: spike thresholds %s", settings.county(), settings.version(),
                settings.thresholds() == null ? "back to the defaults" : settings.thresholds());
    }

    /** An entity value put on the ignore list or taken off it; an older version than one applied is ignored. */
    private void applyIgnore(ConsumerRecord<String, byte[]> record) {
        IgnoredEntity entry = setting(record, IgnoredEntity.class, "ignore list entry",
                e -> e.defect() != null ? e.defect()
                        : e.key().equals(record.key()) ? null : "the entry's key is not the record's key");
        if (entry != null && matches.apply(entry.key(), entry.ignored(), entry.version())) {
            LOG.infof("Entity value %s v%d %s the ignore list", entry.key(), entry.version(),
                    entry.ignored() ? "is on" : "is off");
        }
    }

    /**
     * A record of one of the directory's settings topics (counties, ignore list), or null when it has no value, is not
     * readable or has a defect. Logged, not dead-lettered: what was applied before stays, and the topic is read again
     * whole at every start.
     */
    private <T> T setting(ConsumerRecord<String, byte[]> record, Class<T> type, String what,
            java.util.function.Function<T, String> defectOf) {
        if (record.value() == null) {
            return null;
        }
        T value;
        try {
            value = json.readValue(record.value(), type);
        } catch (IOException e) {
            LOG.errorf("%s %d@%d (key %s) ignored: not a readable %s: %s", record.topic(), record.partition(),
                    record.offset(), record.key(), what, e.getMessage());
            return null;
        }
        String defect = defectOf.apply(value);
        if (defect != null) {
            LOG.errorf("%s %d@%d (key %s) ignored: %s", record.topic(), record.partition(), record.offset(),
                    record.key(), defect);
            return null;
        }
        return value;
    }

    /**
     * Persists what the view kept since the last time. If the database is unreachable they wait, and the next attempt
     * is a while later, so that waiting for a connection does not delay the next snapshots (a suspension).
     */
    private void persist() {
        if (unsaved.isEmpty() || System.nanoTime() - nextSaveAttempt < 0) {
            return;
        }
        try {
            store.save(unsaved.values());
            unsaved.clear();
        } catch (Exception e) {
            nextSaveAttempt = System.nanoTime() + SAVE_RETRY.toNanos();
            LOG.warnf("The directory view could not be persisted (%d agencies pending): %s", unsaved.size(),
                    e.getMessage());
        }
    }

    /**
     * The topic is read without a group from the beginning at every start, so a record that cannot be sent to the
     * dead-letter topic now is sent at a later start; the view goes on meanwhile.
     */
    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        try {
            deadLetters.send(record, reason, cause);
        } catch (DeadLetters.NotSent e) {
            LOG.errorf("directory.agencies %d@%d (key %s) ignored: %s, and %s", record.partition(), record.offset(),
                    record.key(), reason, e.getMessage());
        }
    }
}
