package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
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
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.alert.tracing.AlertTraces;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The live source of every instance's SSE streams: reads the whole {@code alerts} topic from its end at start-up,
 * without a consumer group (every instance sees every alert), and fans alerts out to the local listeners. Also
 * drives the streams' heartbeats.
 */
@ApplicationScoped
public class AlertFeed {

    private static final Logger LOG = Logger.getLogger(AlertFeed.class);

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final LiveAlerts live;
    private final ObjectMapper json;
    private final Worker worker = new Worker("alert-feed", Duration.ofSeconds(1));
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean assigned;

    public AlertFeed(AlertConfig config, KafkaClients kafkaClients, LiveAlerts live, ObjectMapper json) {
        this.config = config;
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

    /** True once the feed follows every partition of the alerts topic. */
    public boolean assigned() {
        return assigned;
    }

    private void consume() {
        String topic = config.kafka().alertsTopic();
        try (KafkaConsumer<String, byte[]> c = worker.polling(
                kafkaClients.consumer("alert-service-feed", null))) {
            List<TopicPartition> partitions = KafkaClients.partitions(c, topic,
                    () -> LOG.infof("Waiting for topic %s", topic));
            c.assign(partitions);
            // after a failure, go on where we were, so that live listeners miss nothing
            for (TopicPartition p : partitions) {
                Long position = positions.get(p);
                if (position == null) {
                    c.seekToEnd(List.of(p));
                    positions.put(p, c.position(p));
                } else {
                    c.seek(p, position);
                }
            }
            assigned = true;
            while (worker.running()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    dispatch(record);
                    positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Alert feed woken up to stop");
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        try {
            // the value is the alert as an SSE event carries it (it has no acknowledgement): streams send it as is
            live.publish(json.readValue(record.value(), Alert.class),
                    new String(record.value(), StandardCharsets.UTF_8), AlertTraces.parentOf(record.headers()));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("alerts %d@%d (key %s) could not be dispatched: %s", record.partition(), record.offset(),
                    record.key(), e.getMessage());
        }
    }
}
