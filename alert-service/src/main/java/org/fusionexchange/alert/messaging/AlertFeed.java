package org.fusionexchange.alert.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.fusionexchange.alert.repository.ProjectionState;
import org.fusionexchange.alert.service.LiveAlert;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.alert.tracing.AlertTraces;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The live source of every instance's SSE streams: reads the whole {@code alerts} topic without a consumer group
 * (every instance sees every alert), numbers each recipient's alerts as the projection does ({@link AlertNumbers}),
 * and fans them out to the local listeners. At start-up it reads from the projection's stored positions with the
 * numbers stored there, and sends nothing of what the topic held before it started: those alerts are numbered only,
 * and streams replay them from the database; until it has caught up ({@link LiveAlerts#caughtUp()}), a resumed
 * stream does not go live, and the instance is not ready. A position outside the log (records deleted before they
 * were counted) fails the feed loudly instead of skipping them. Also drives the streams' heartbeats.
 */
@ApplicationScoped
public class AlertFeed {

    private static final Logger LOG = Logger.getLogger(AlertFeed.class);

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final LiveAlerts live;
    private final ObjectMapper json;
    private final Worker worker = new Worker("alert-feed", Duration.ofSeconds(1));
    private final ProjectionState projection;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    /** Per partition, the offset from which alerts are sent live: the topic's end when the feed started. */
    private final Map<TopicPartition, Long> liveFrom = new HashMap<>();
    private AlertNumbers numbers;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean assigned;

    public AlertFeed(AlertConfig config, KafkaClients kafkaClients, LiveAlerts live, ObjectMapper json,
            ProjectionState projection) {
        this.config = config;
        this.projection = projection;
        this.kafkaClients = kafkaClients;
        this.live = live;
        this.json = json;
    }

    void start(@Observes StartupEvent event) {
        worker.start(this::consume);
        long period = config.stream().heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(live::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        heartbeats.shutdownNow();
        worker.stop();
    }

    public boolean alive() {
        return worker.alive();
    }

    /**
     * True once the feed follows every partition of the alerts topic and has numbered what it held when the feed
     * started: from then on its alerts are sent live.
     */
    public boolean assigned() {
        return assigned;
    }

    private void consume() {
        String topic = config.kafka().alertsTopic();
        try (KafkaConsumer<String, byte[]> c = worker.polling(
                kafkaClients.consumer("alert-service-feed", null, "none"))) {
            List<TopicPartition> partitions = KafkaClients.partitions(c, topic,
                    () -> LOG.infof("Waiting for topic %s", topic));
            c.assign(partitions);
            if (numbers == null) {
                start(c, topic, partitions);
            }
            // after a failure, go on where we were, so that live listeners miss nothing
            partitions.forEach(p -> c.seek(p, positions.get(p)));
            while (worker.running()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    dispatch(record, record.offset() >= liveFrom.get(p));
                    positions.put(p, record.offset() + 1);
                }
                if (!assigned && partitions.stream().allMatch(p -> c.position(p) >= liveFrom.get(p))) {
                    // the consumer's position, not the last record's: a transaction's marker may end a partition
                    live.caughtUp(true);
                    assigned = true;
                    LOG.info("Alert feed caught up with the alerts topic: alerts are sent live");
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Alert feed woken up to stop");
        }
    }

    /**
     * Where the projection stands and the numbers there, read at once: the feed numbers every later alert as the
     * projection does. A partition never projected is read from its beginning, as the projection will.
     */
    private void start(KafkaConsumer<String, byte[]> c, String topic, List<TopicPartition> partitions) {
        ProjectionState.Snapshot stored = QuarkusTransaction.requiringNew().call(() -> projection.read(topic));
        Map<TopicPartition, Long> beginnings = c.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        for (TopicPartition p : partitions) {
            Long at = stored.positions().get(p.partition());
            positions.put(p, at == null ? beginnings.get(p) : at);
            liveFrom.put(p, ends.get(p));
        }
        numbers = new AlertNumbers(json, stored.numbers());
        long behind = partitions.stream().mapToLong(p -> ends.get(p) - positions.get(p)).sum();
        LOG.infof("Alert feed numbering from the projection's positions, %d records before the live end", behind);
    }

    private void dispatch(ConsumerRecord<String, byte[]> record, boolean send) {
        try {
            // the value, numbered, is the alert as an SSE event carries it (it has no acknowledgement): streams send
            // it as is
            byte[] value = numbers.number(Objects.requireNonNull(record.key(), "no key"), record.value());
            // read for what the streams filter on, not bound: a CAP stream binds the alerts it sends
            LiveAlert alert = LiveAlert.read(json, value);
            if (send) {
                live.publish(alert, AlertTraces.parentOf(record.headers()));
            } else {
                live.numbered(alert.recipient(), alert.seq());
            }
        } catch (RuntimeException e) {
            LOG.warnf("alerts %d@%d (key %s) could not be dispatched: %s", record.partition(), record.offset(),
                    record.key(), e.getMessage());
        }
    }
}
