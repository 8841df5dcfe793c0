package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.service.DirectoryView;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Rebuilds the routing view from the compacted {@code directory.agencies} topic at every start, from the beginning,
 * then keeps following it. The view is marked caught up once it has read up to the end offsets seen at start-up.
 */
@ApplicationScoped
public class DirectoryConsumer {

    private static final Logger LOG = Logger.getLogger(DirectoryConsumer.class);

    private final AlertConfig config;
    private final DirectoryView view;
    private final ObjectMapper json;
    private final Worker worker = new Worker("directory-consumer", Duration.ofSeconds(2));

    public DirectoryConsumer(AlertConfig config, DirectoryView view, ObjectMapper json) {
        this.config = config;
        this.view = view;
        this.json = json;
    }

    void start(@Observes StartupEvent event) {
        worker.start(this::consume);
    }

    void stop(@Observes ShutdownEvent event) {
        worker.stop();
    }

    public boolean alive() {
        return worker.alive();
    }

    private void consume() {
        String topic = config.kafka().directoryTopic();
        try (KafkaConsumer<String, byte[]> c = worker.polling(
                KafkaClients.consumer(config.kafka().bootstrapServers(), "alert-service-directory", null))) {
            List<TopicPartition> partitions = KafkaClients.partitions(c, topic,
                    () -> LOG.infof("Waiting for topic %s", topic));
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (worker.running()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (!view.caughtUp() && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    view.markCaughtUp();
                    LOG.infof("Directory view caught up: %d agencies", view.size());
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
        try {
            AgencySnapshot snapshot = json.readValue(record.value(), AgencySnapshot.class);
            if (snapshot.code() == null || !snapshot.code().equals(record.key())) {
                LOG.warnf("Directory record at offset %d has key %s but code %s: ignored", record.offset(),
                        record.key(), snapshot.code());
                return;
            }
            if (view.apply(snapshot.toAgency())) {
                LOG.debugf("Agency %s v%d (%s)", snapshot.code(), snapshot.version(), snapshot.status());
            }
        } catch (IOException e) {
            LOG.warnf("Directory record at offset %d (key %s) is not a readable agency snapshot: ignored",
                    record.offset(), record.key());
        }
    }
}
