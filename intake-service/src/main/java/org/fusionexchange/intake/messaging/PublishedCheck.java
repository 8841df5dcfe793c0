package org.fusionexchange.intake.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Which outbox messages are already on the topic although their rows are still in the outbox: Kafka acknowledged
 * them, then the relay's deletion was lost (PostgreSQL or the service crashed in between, or the instance that sent
 * them died). Read from the topic itself, by the {@code ce_id} header, from shortly before the oldest row was
 * written: a record is sent after its row committed, so its timestamp is later than the row's. It reads all the topic
 * holds since then, so the relay asks only when it has a reason to doubt (see {@link OutboxRelay}), never per batch.
 */
final class PublishedCheck implements AutoCloseable {

    /** Room for clocks of several instances that disagree a little. */
    static final Duration CLOCK_SLACK = Duration.ofSeconds(10);
    /** How long the read back may make no progress before the round fails (and the relay retries). */
    static final Duration STALL = Duration.ofSeconds(30);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(PublishedCheck.class);
    private static final String EVENT_ID_HEADER = "ce_id";

    private final Map<String, Object> kafkaConfig;
    private KafkaConsumer<String, byte[]> consumer;

    PublishedCheck(Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /** The event ids among {@code eventIds} that are on {@code topic} in a record written since {@code oldest}. */
    Set<UUID> alreadyOnTopic(String topic, Collection<UUID> eventIds, Instant oldest) {
        Set<String> wanted = eventIds.stream().map(UUID::toString).collect(Collectors.toSet());
        KafkaConsumer<String, byte[]> c = consumer();
        List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(10));
        long since = oldest.minus(CLOCK_SLACK).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> start = c.offsetsForTimes(query, Duration.ofSeconds(10));
        Set<TopicPartition> remaining = new HashSet<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = start.get(p);
            if (at != null && at.offset() < end.get(p)) {
                c.seek(p, at.offset());
                remaining.add(p);
            }
        }
        Set<UUID> found = new HashSet<>();
        long toRead = remaining.stream().mapToLong(p -> end.get(p) - c.position(p)).sum();
        Progress progress = new Progress(System.nanoTime(), STALL.toNanos(), LOG_EVERY.toNanos());
        while (!remaining.isEmpty()) {
            long read = remaining.stream().mapToLong(p -> c.position(p)).sum();
            switch (progress.at(System.nanoTime(), read)) {
                case STALLED -> throw new IllegalStateException("Reading " + topic + " back to find what was already "
                        + "published made no progress for " + STALL.toSeconds() + " s");
                case REPORT -> LOG.infof("Reading %s back to find what was already published: %d of %d records "
                        + "since %s", topic, read - progress.first(), toRead, oldest);
                case GOING -> {
                }
            }
            for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                Header id = record.headers().lastHeader(EVENT_ID_HEADER);
                if (id != null) {
                    String eventId = new String(id.value(), StandardCharsets.UTF_8);
                    if (wanted.contains(eventId)) {
                        found.add(UUID.fromString(eventId));
                    }
                }
            }
            remaining.removeIf(p -> c.position(p) >= end.get(p));
        }
        return found;
    }

    /**
     * The read-back's progress. After a long Kafka outage the read covers everything published since the oldest row
     * waiting, which a fixed deadline could never get through: every round, and every restart, failed the same way and
     * nothing was published again. So the read fails only when it stops moving, and says how far it got meanwhile.
     */
    static final class Progress {

        enum State {
            GOING, REPORT, STALLED
        }

        private final long stall;
        private final long reportEvery;
        private long position = -1;
        private long first = -1;
        private long movedAt;
        private long reportedAt;

        Progress(long now, long stall, long reportEvery) {
            this.stall = stall;
            this.reportEvery = reportEvery;
            this.movedAt = now;
            this.reportedAt = now;
        }

        /** The state at {@code now}, with the read's summed position at {@code read}. */
        State at(long now, long read) {
            if (first < 0) {
                first = read;
            }
            if (read != position) {
                position = read;
                movedAt = now;
            } else if (now - movedAt > stall) {
                return State.STALLED;
            }
            if (now - reportedAt >= reportEvery) {
                reportedAt = now;
                return State.REPORT;
            }
            return State.GOING;
        }

        long first() {
            return first;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> props = new HashMap<>(kafkaConfig);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "intake-outbox-check");
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    @Override
    public void close() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ZERO);
            } finally {
                consumer = null;
            }
        }
    }
}
