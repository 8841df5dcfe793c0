package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.Alert;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * PostgreSQL as a projection of the {@code alerts} topic: what the lists, acknowledgements and SSE replays read.
 * Consumes the topic {@code read_committed} in its own group (instances share the partitions) and writes each poll
 * in one transaction of multi-row inserts; offsets are committed after it, and an alert already stored is skipped,
 * so a redelivery after a crash writes nothing twice. A failure (database unreachable) starts the consumer again
 * from the committed offsets after a pause: nothing is skipped.
 */
@ApplicationScoped
public class AlertProjection {

    private static final Logger LOG = Logger.getLogger(AlertProjection.class);

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final AlertRepository alerts;
    private final ObjectMapper json;
    private final Counter unreadable;
    private final Worker worker;

    public AlertProjection(AlertConfig config, KafkaClients kafkaClients, AlertRepository alerts, ObjectMapper json,
            MeterRegistry metrics) {
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.alerts = alerts;
        this.json = json;
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
        try (KafkaConsumer<String, byte[]> c = worker.polling(kafkaClients.consumer("alert-service-projection",
                config.projection().groupId()))) {
            c.subscribe(List.of(config.kafka().alertsTopic()));
            while (worker.running()) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<AlertRepository.Published> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        // the record's own bytes are what lists show: written by routing with this service's mapper
                        batch.add(new AlertRepository.Published(json.readValue(record.value(), Alert.class),
                                new String(record.value(), StandardCharsets.UTF_8)));
                    } catch (IOException | RuntimeException e) {
                        unreadable.increment();
                        LOG.errorf("alerts %d@%d (key %s) is not an alert and is left out of the projection: %s",
                                record.partition(), record.offset(), record.key(), e.getMessage());
                    }
                }
                int stored = QuarkusTransaction.requiringNew().call(() -> alerts.insertPublished(batch));
                c.commitSync();
                LOG.debugf("Projected %d alerts (%d new)", batch.size(), stored);
            }
        } catch (WakeupException e) {
            LOG.debug("Alert projection woken up to stop");
        }
    }
}
