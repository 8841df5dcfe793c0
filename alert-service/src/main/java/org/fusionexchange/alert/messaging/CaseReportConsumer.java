package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.service.AlertRoutingService;
import org.fusionexchange.alert.service.DirectoryView;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Where reports enter: consumes {@code case-reports} in the consumer group {@code alert-service} (instances share the
 * partitions), and hands the events of each poll, with those that arrived meanwhile, to the routing service in one
 * transaction; if that fails, one transaction per event. Offsets are committed only after the events before them
 * were processed. A record that can never be processed (unreadable, incomplete or malformed, a field longer than its
 * column, or any failure of its processing that is not clearly transient) goes to {@code case-reports.dlq} and the
 * next one is processed; a transient failure (database unreachable, pool exhausted, deadlock, timeout) is retried,
 * never skipped. Offsets are committed asynchronously after each poll, so that the next poll does not wait for the
 * commit, and synchronously when partitions are revoked and when the consumer stops. A commit that is lost only
 * means redelivery, which processing skips as already done.
 */
@ApplicationScoped
public class CaseReportConsumer {

    private static final Logger LOG = Logger.getLogger(CaseReportConsumer.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long the second poll of a batch waits for the broker's answer; it answers at once when it has records. */
    private static final Duration CATCH_UP_WAIT = Duration.ofMillis(5);

    private final AlertConfig config;
    private final KafkaClients kafkaClients;
    private final DirectoryView directory;
    private final AlertRoutingService routing;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final DeadLetters deadLetters;
    private final Worker worker;

    /** A record read: its event, or why it can never be processed. */
    private record Read(CaseReportEvent event, String defect, Throwable cause) {
    }

    public CaseReportConsumer(AlertConfig config, KafkaClients kafkaClients, DirectoryView directory,
            AlertRoutingService routing, OutboxRelay relay, ObjectMapper json, DeadLetters deadLetters) {
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.directory = directory;
        this.routing = routing;
        this.relay = relay;
        this.json = json;
        this.deadLetters = deadLetters;
        this.worker = new Worker("case-report-consumer", config.kafka().retryBackoff());
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

    private void consume() throws InterruptedException {
        while (worker.running() && !directory.awaitCaughtUp(Duration.ofSeconds(1))) {
            LOG.debug("Waiting for the directory view before routing reports");
        }
        // the next offset of each partition after what was processed: all of it, and what the last poll added
        Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        // partitions revoked by a rebalance during the second poll of a batch
        Set<TopicPartition> revoked = new HashSet<>();
        try (KafkaConsumer<String, byte[]> c = worker.polling(kafkaClients.consumer(
                "alert-service-case-reports", config.kafka().groupId()))) {
            c.subscribe(List.of(config.kafka().caseReportsTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    revoked.addAll(partitions);
                    Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>(processed);
                    leaving.keySet().retainAll(partitions);
                    commitSync(c, leaving);
                    processed.keySet().removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.infof("case-reports partitions assigned: %s", partitions);
                }
            });
            try {
                while (worker.running()) {
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        continue;
                    }
                    revoked.clear();
                    records = withWhatArrivedSince(c, records, revoked);
                    boolean failed = !handleAll(records, done) && !handleEach(c, records, done);
                    processed.putAll(done);
                    commitAsync(c, done);
                    if (failed) {
                        Worker.sleep(config.kafka().retryBackoff());
                    }
                }
            } finally {
                commitSync(c, processed);
            }
        } catch (WakeupException e) {
            LOG.debug("case-reports consumer woken up to stop");
        }
    }

    /**
     * The records of a poll, and those that reached the broker while the previous batch was processed. A poll returns
     * the answer to the fetch sent when the previous poll returned, which the broker answered as soon as its first
     * record arrived; what came after waits for the next fetch, which this one more short poll sends and collects.
     * Without it, at a steady rate, most events wait for two or three routing transactions before their own. If that
     * poll saw a rebalance, the first poll's records of the partitions revoked meanwhile are dropped: they are
     * routed from the committed offset by whichever instance owns them now.
     */
    private static ConsumerRecords<String, byte[]> withWhatArrivedSince(KafkaConsumer<String, byte[]> c,
            ConsumerRecords<String, byte[]> first, Set<TopicPartition> revoked) {
        ConsumerRecords<String, byte[]> more = c.poll(CATCH_UP_WAIT);
        if (more.isEmpty() && revoked.isEmpty()) {
            return first;
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new LinkedHashMap<>();
        for (TopicPartition partition : first.partitions()) {
            if (!revoked.contains(partition)) {
                records.put(partition, new ArrayList<>(first.records(partition)));
            }
        }
        for (TopicPartition partition : more.partitions()) {
            records.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(more.records(partition));
        }
        if (!revoked.isEmpty()) {
            LOG.infof("Partitions %s were revoked while polling; their records of the previous poll are left to "
                    + "their owner", revoked);
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>(first.nextOffsets());
        next.keySet().removeAll(revoked);
        next.putAll(more.nextOffsets());
        return new ConsumerRecords<>(records, next);
    }

    /**
     * Processes the whole poll in one transaction, and on success records every partition's next offset in
     * {@code done}; @return false when it failed (nothing of it was written)
     */
    private boolean handleAll(ConsumerRecords<String, byte[]> records, Map<TopicPartition, OffsetAndMetadata> done) {
        if (!processAll(records)) {
            return false;
        }
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            done.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return true;
    }

    /**
     * After the batch failed as a whole: one event at a time, to retry from the one that fails. The failed event's
     * partition, and the later partitions of this poll, are sought back to be polled again after the pause.
     *
     * @return false when an event failed
     */
    private boolean handleEach(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records,
            Map<TopicPartition, OffsetAndMetadata> done) {
        boolean failed = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (failed || !handle(record)) {
                    c.seek(partition, record.offset());
                    failed = true;
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        return !failed;
    }

    /** Routes the whole poll in one transaction; false when it failed or holds a record that cannot be processed. */
    private boolean processAll(ConsumerRecords<String, byte[]> records) {
        List<CaseReportEvent> events = new ArrayList<>(records.count());
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                Read read = read(record);
                if (read.defect() != null) {
                    // dead-lettered one by one, in partition order
                    return false;
                }
                events.add(read.event());
            }
        }
        try {
            if (routing.process(events) > 0) {
                relay.wake();
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("A batch of %d report events could not be processed (%s); processing them one by one",
                    events.size(), e.getMessage());
            return false;
        }
    }

    /**
     * @return false when the record must be retried: processing failed for a reason that may pass (database down),
     *         or it could not be sent to the dead-letter topic
     */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        Read read = read(record);
        if (read.defect() != null) {
            return deadLetter(record, read.defect(), read.cause());
        }
        CaseReportEvent event = read.event();
        try {
            if (routing.process(event) > 0) {
                relay.wake();
            }
            return true;
        } catch (RuntimeException e) {
            if (permanent(e)) {
                LOG.errorf(e, "Report %s v%d (event %s) can never be processed", event.reportId(),
                        event.version(), event.eventId());
                return deadLetter(record, "report " + event.reportId() + " v" + event.version()
                        + " cannot be processed: " + failureKind(e), e);
            }
            LOG.errorf(e, "Report %s v%d (event %s) could not be processed; retrying", event.reportId(),
                    event.version(), event.eventId());
            return false;
        }
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        try {
            deadLetters.send(record, reason, cause);
            return true;
        } catch (DeadLetters.NotSent e) {
            LOG.errorf("case-reports %d@%d cannot be processed (%s) and %s; retrying", record.partition(),
                    record.offset(), reason, e.getMessage());
            return false;
        }
    }

    /** The event in the record, or why it can never be routed: unreadable, incomplete, or too long to store. */
    private Read read(ConsumerRecord<String, byte[]> record) {
        CaseReportEvent event;
        try {
            event = record.value() == null ? null : json.readValue(record.value(), CaseReportEvent.class);
        } catch (IOException e) {
            return new Read(null, "not a readable case-reports event", e);
        }
        String defect = event == null ? "it has no value" : event.defect();
        if (defect == null) {
            defect = EventLimits.overLimit(event);
        }
        return new Read(defect == null ? event : null, defect, null);
    }

    /** SQLSTATE classes of a database that is unreachable or busy: connection (08), transaction rollback such as
     * a deadlock or serialization failure (40), insufficient resources (53), operator intervention such as a shutdown
     * or a statement timeout (57), and driver-side errors (HY); and 55P03, a lock that was not available in time. */
    private static final List<String> TRANSIENT_STATE_CLASSES = List.of("08", "40", "53", "57", "HY");
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /**
     * Whether the same event would fail again, for ever: everything but a failure that clearly may pass (the
     * database unreachable, busy or timing out, see {@link #transientFailure}). Retrying anything else would stall
     * the partition behind one event, so it is dead-lettered instead.
     */
    static boolean permanent(Throwable failure) {
        return !transientFailure(failure);
    }

    /**
     * A failure that may pass: the connection lost or refused, no connection from the pool in time, a deadlock, a
     * lock or statement timeout, the server shutting down, or the transaction timing out or failing to commit without
     * the database naming a fault of the data.
     */
    static boolean transientFailure(Throwable failure) {
        String state = sqlState(failure);
        if (state != null) {
            return state.equals(LOCK_NOT_AVAILABLE)
                    || TRANSIENT_STATE_CLASSES.stream().anyMatch(state::startsWith);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof jakarta.persistence.QueryTimeoutException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof InterruptedException
                    || t.getClass().getName().startsWith("jakarta.transaction.")) {
                return true;
            }
            String message = t.getMessage();
            // Agroal: "Acquisition timeout while waiting for new connection" (a plain SQLException, no state);
            // Narayana: a transaction that timed out is rolled back and later operations say so
            if (message != null && (message.contains("Acquisition timeout")
                    || message.contains("ARJUNA016102") || message.contains("transaction timeout")
                    || message.contains("Transaction timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** The SQL state of the first SQLException with one in the causes, or null. */
    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** What is said of a permanent failure in the dead-letter reason: its class and SQL state, never its message,
     * which may quote the event's content. */
    private static String failureKind(Throwable failure) {
        String state = sqlState(failure);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName() + (state == null ? "" : " (SQL state " + state + ")");
    }

    /** Commits without waiting; the next poll goes on meanwhile. {@code done} is emptied. */
    private static void commitAsync(KafkaConsumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return;
        }
        c.commitAsync(new HashMap<>(done), (offsets, e) -> {
            if (e != null) {
                // processing is idempotent: a later redelivery of these events is skipped
                LOG.warnf("Committing case-reports offsets failed: %s", e.getMessage());
            }
        });
        done.clear();
    }

    /** Commits and waits, when partitions leave this instance or the consumer stops. */
    private static void commitSync(KafkaConsumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            c.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            if (e instanceof WakeupException wakeup) {
                throw wakeup;
            }
            // processing is idempotent: a later redelivery of these events is skipped
            LOG.warnf("Committing case-reports offsets failed: %s", e.getMessage());
        }
    }
}
