package org.fusionexchange.intake.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fusionexchange.intake.config.IntakeConfig;
import org.fusionexchange.intake.mapping.ReportMapper;
import org.fusionexchange.intake.repository.OutboxRepository;
import org.fusionexchange.intake.repository.OutboxRepository.Pending;
import org.fusionexchange.intake.repository.OutboxRepository.Unpublished;
import org.fusionexchange.intake.repository.OutboxVacuum;
import org.fusionexchange.intake.tracing.ReportTraces;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes the outbox to Kafka: its rows (one a transaction) in seq order and each row's events in its order, a row
 * deleted only once Kafka acknowledged every event in it (acks=all, idempotent producer, at most 5 requests in
 * flight, so order holds per partition and so per report). It wakes right after each commit that wrote the outbox,
 * polls as a fallback, and takes whole rows up to about a batch of events per round.
 * The records of this instance's commits are built by the requests that wrote them and handed to it in memory
 * just before the commit (HandedRecords); a row whose record was not handed (another instance's, one written before a
 * restart, one not admitted past the hand-off's capacity) is built from the version it names, read back from
 * PostgreSQL. Both give the same record.
 * Only one instance relays at a time (a PostgreSQL advisory lock per batch). While Kafka is away the relay waits
 * for the acknowledgements (records never expire in the producer, so none can be overtaken by a later one). When
 * Kafka refuses a record, nothing is deleted past the first unacknowledged row, the producer is closed at once, and
 * the relay retries with backoff, in order.
 *
 * <p>Exactly once on the topic: a row whose record Kafka acknowledged but whose deletion was lost (PostgreSQL or
 * this service killed in between, or another instance that died mid-round) is found on the topic and deleted
 * instead of being sent again. Such rows are the oldest in the outbox, so the first batch after the uncertainty holds
 * them. The relay looks only then: when it starts, after a failed round, and in the first round it holds the relay
 * lock after another instance held it (which may have died mid-round). Looking at every batch of a backlog would
 * re-read, each time, all the relay itself just published: quadratic in the backlog.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Longer than a commit takes to hand its records over after the outbox showed its rows. */
    private static final Duration HANDED_STALE_AFTER = Duration.ofSeconds(10);
    private static final Duration VACUUM_AT_MOST_EVERY = Duration.ofSeconds(1);
    /** The producer's batch per partition: a round of 2,000 records of about 1.5 KB is about two of them a partition. */
    static final int RELAY_BATCH_BYTES = 256 * 1024;

    private final OutboxRepository outbox;
    private final IntakeConfig.Relay config;
    private final Map<String, Object> kafkaConfig;
    private final ReportMapper mapper;
    private final ReportTraces traces;
    private final Semaphore wake = new Semaphore(0);
    private final HandedRecords handed;
    private final Counter readBack;
    private final Counter rounds;
    private final OutboxVacuum vacuum;
    /** Rows deleted since the outbox was last vacuumed, and when that was: the relay's thread only. */
    private long deletedSinceVacuum;
    private long lastVacuum = System.nanoTime();
    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, byte[]> producer;
    private PublishedCheck publishedCheck;
    /**
     * Set at start, after every failed round, and when another instance held the relay lock: what the topic holds
     * is not known. Cleared by a round that completed without failure.
     */
    private volatile boolean recovering = true;

    public OutboxRelay(OutboxRepository outbox, IntakeConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ReportMapper mapper,
            ReportTraces traces, HandedRecords handed, MeterRegistry registry, OutboxVacuum vacuum) {
        this.outbox = outbox;
        this.vacuum = vacuum;
        this.config = config.relay();
        this.handed = handed;
        this.rounds = Counter.builder("intake.outbox.relay.rounds")
                .description("rounds of the relay that sent records to Kafka, each a PostgreSQL transaction")
                .register(registry);
        this.readBack = Counter.builder("intake.outbox.records.read.back")
                .description("case-reports records the relay built from PostgreSQL, not handed to it in memory"
                        + " before the commit")
                .register(registry);
        this.kafkaConfig = kafkaConfig;
        this.mapper = mapper;
        this.traces = traces;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /**
     * A transaction that wrote an outbox row is about to commit: its records are handed now. Handed after the commit, a
     * round that came between the commit and the hand-off found the rows without their records and read them back
     * from PostgreSQL (with the outbox kept vacuumed, a round's query is quick, and that happened to 30,000 records
     * of an --intake run's warm-up). A record handed is sent only once a round finds its row, committed. A stopped
     * relay takes none: it reads every row back when it starts.
     */
    void beforeCommit(@Observes(during = TransactionPhase.BEFORE_COMPLETION) OutboxWritten written) {
        if (running) {
            handed.add(written.records());
        }
    }

    /** The transaction committed: publish now rather than at the next poll. */
    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** The transaction rolled back: its records name rows that never were, and leave the hand-off. */
    void onRollback(@Observes(during = TransactionPhase.AFTER_FAILURE) OutboxWritten written) {
        handed.remove(written.records());
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        recovering = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
        LOG.infof("Outbox relay started (topic %s, batch %d)", config.topic(), config.batchSize());
    }

    /** Stops relaying; what Kafka has not acknowledged stays in the outbox for the next start. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        handed.clear();
        wake.release();
        try {
            worker.join(config.sendTimeout().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProducer();
        LOG.info("Outbox relay stopped");
    }

    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        while (running) {
            try {
                if (backoff.isZero()) {
                    wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } else {
                    Thread.sleep(backoff.toMillis());
                }
                if (!running) {
                    return;
                }
                int relayed;
                do {
                    relayed = relayBatch();
                } while (running && relayed >= config.batchSize());
                backoff = Duration.ZERO;
                maybeVacuum();
                if (relayed > 0 && wake.availablePermits() > 0 && !config.linger().isZero()) {
                    // another commit came while this round ran: a steady pace, at which each round would carry a
                    // report or two (a transaction and a produce request each); let the next gather more
                    TimeUnit.NANOSECONDS.sleep(config.linger().toNanos());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoff = backoff.isZero() ? Duration.ofMillis(200) : min(backoff.multipliedBy(2), config.maxBackoff());
                LOG.warnf("Outbox relay failed, retrying in %d ms: %s", backoff.toMillis(), e.toString());
                recovering = true;
                closeProducer();
            }
        }
    }

    /**
     * Asks for a vacuum of the outbox once the relay has deleted {@code intake.relay.vacuum-after} rows since the last
     * time, at most once a second ({@link OutboxVacuum}, on its own thread: the relay goes on meanwhile).
     */
    private void maybeVacuum() {
        long now = System.nanoTime();
        if (config.vacuumAfter() <= 0 || deletedSinceVacuum < config.vacuumAfter()
                || now - lastVacuum < VACUUM_AT_MOST_EVERY.toNanos()) {
            return;
        }
        deletedSinceVacuum = 0;
        lastVacuum = now;
        vacuum.request();
    }

    /** One round: lock, read a batch, send it, wait for the acks, delete the acknowledged prefix. */
    int relayBatch() {
        Round round = QuarkusTransaction.requiringNew()
                // the round holds the relay lock while Kafka is away; past this, it is rolled back and sent again
                .timeout((int) Duration.ofHours(1).toSeconds())
                .call(() -> {
                    if (!outbox.tryRelayLock()) {
                        // another instance relays, this one's rows too (read back); if it dies mid-round, what it
                        // left is checked once this one relays
                        recovering = true;
                        handed.clear();
                        return new Round(0, 0, null);
                    }
                    // a record handed that long ago names a row that is gone, or one this relay will read back
                    handed.dropOlderThan(HANDED_STALE_AFTER);
                    List<Pending> rows = outbox.pending(config.batchSize());
                    if (rows.isEmpty()) {
                        recovering = false;
                        return new Round(0, 0, null);
                    }
                    int alreadyPublished = 0;
                    long deleted = 0;
                    if (recovering) {
                        Unsent unsent = notYetOnTopic(rows);
                        alreadyPublished = rows.size() - unsent.rows().size();
                        deleted = unsent.deleted();
                        rows = unsent.rows();
                        if (rows.isEmpty()) {
                            recovering = false;
                            return new Round(alreadyPublished, deleted, null);
                        }
                    }
                    List<ProducerRecord<String, byte[]>> records = records(rows);
                    KafkaProducer<String, byte[]> kafka = producer();
                    List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                    // a traced event's send span, ended when Kafka acknowledges it or refuses it
                    List<Span> spans = new ArrayList<>(rows.size());
                    RuntimeException failure = null;
                    try {
                        List<Pending> sending = rows;
                        acks.addAll(sendInOrder(rows.size(), i -> {
                            Pending row = sending.get(i);
                            ProducerRecord<String, byte[]> record = records.get(i);
                            Span span = traces.sending(record, row.traceParent(), row.eventId().toString());
                            spans.add(span);
                            return kafka.send(record, (metadata, error) -> ReportTraces.sent(span, error));
                        }));
                    } catch (RuntimeException e) {
                        failure = e;
                        spans.subList(acks.size(), spans.size()).forEach(span -> ReportTraces.sent(span, e));
                    }
                    int published = 0;
                    for (int i = 0; i < acks.size() && failure == null; i++) {
                        try {
                            if (!awaitAck(acks.get(i), rows.size() - i)) {
                                failure = new IllegalStateException("The relay stopped while waiting for Kafka");
                                break;
                            }
                            published++;
                        } catch (ExecutionException e) {
                            failure = new IllegalStateException("Kafka refused the event " + rows.get(i).eventId()
                                    + " of outbox row " + rows.get(i).seq(), e.getCause());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            failure = new IllegalStateException("Interrupted while waiting for Kafka", e);
                        }
                    }
                    if (published > 0) {
                        deleted += outbox.deletePublished(wholeRows(rows, published));
                        handed.published();
                    }
                    if (failure == null) {
                        recovering = false;
                    }
                    return new Round(alreadyPublished + published, deleted, failure);
                });
        if (round.failure() != null) {
            throw round.failure();
        }
        if (round.published() > 0) {
            rounds.increment();
            deletedSinceVacuum += round.deleted();
            LOG.debugf("Relayed %d outbox events to %s (%d rows deleted)", Integer.valueOf(round.published()),
                    config.topic(), Long.valueOf(round.deleted()));
        }
        return round.published();
    }

    /**
     * Each row's record, in the rows' order: the one handed in memory with its commit, else built from its version,
     * read back (one query for all such rows of the round).
     */
    private List<ProducerRecord<String, byte[]>> records(List<Pending> rows) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
        List<Pending> notHanded = new ArrayList<>();
        for (Pending row : rows) {
            ProducerRecord<String, byte[]> record = handed.take(row.eventId());
            records.add(record);
            if (record == null) {
                notHanded.add(row);
            }
        }
        // the round made room: requests waiting for it look again
        handed.roundTaken();
        if (!notHanded.isEmpty()) {
            Iterator<Unpublished> read = outbox.readBack(notHanded).iterator();
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i) == null) {
                    records.set(i, mapper.record(config.topic(), read.next()));
                }
            }
            readBack.increment(notHanded.size());
        }
        return records;
    }

    /** Records handed in memory and not yet sent (for tests). */
    int handedRecords() {
        return handed.size();
    }

    /** Whether the next round checks its batch against the topic first. */
    boolean recovering() {
        return recovering;
    }

    /** A round: the events it found on the topic or published, the outbox rows it deleted, and how it failed. */
    private record Round(int published, long deleted, RuntimeException failure) {
    }

    /** The events of a recovering round still to be sent, in order, and the outbox rows deleted as already sent. */
    private record Unsent(List<Pending> rows, long deleted) {
    }

    /**
     * The outbox rows (seq) whose every event is among the first {@code acknowledged} of the round's events, in
     * order: a row's events are contiguous, so only the row of the first event not acknowledged (if any) stays.
     */
    static List<Long> wholeRows(List<Pending> events, int acknowledged) {
        List<Long> rows = new ArrayList<>();
        long last = 0; // seq starts at 1
        for (int i = 0; i < acknowledged; i++) {
            long seq = events.get(i).seq();
            if (seq != last) {
                rows.add(seq);
                last = seq;
            }
        }
        if (acknowledged < events.size() && last == events.get(acknowledged).seq()) {
            rows.remove(rows.size() - 1); // that row is half sent
        }
        return rows;
    }

    /**
     * Deletes the outbox rows whose every event is already on the topic, and answers the events not on it yet, in
     * order (a row with some of its events on the topic stays until the others are sent).
     */
    private Unsent notYetOnTopic(List<Pending> rows) {
        Instant oldest = rows.stream().map(Pending::createdAt).min(Instant::compareTo).orElseThrow();
        if (publishedCheck == null) {
            publishedCheck = new PublishedCheck(kafkaConfig);
        }
        Set<UUID> onTopic = publishedCheck.alreadyOnTopic(config.topic(),
                rows.stream().map(Pending::eventId).toList(), oldest);
        if (onTopic.isEmpty()) {
            return new Unsent(rows, 0);
        }
        List<Pending> unsent = rows.stream().filter(r -> !onTopic.contains(r.eventId())).toList();
        Set<Long> rowsWithUnsent = unsent.stream().map(Pending::seq).collect(Collectors.toSet());
        long deleted = outbox.deletePublished(rows.stream().map(Pending::seq).distinct()
                .filter(seq -> !rowsWithUnsent.contains(seq)).toList());
        LOG.warnf("%d outbox events were already on %s (acknowledged before a crash, deletion lost): not sent"
                + " again; %d rows whose events are all on it deleted", onTopic.size(), config.topic(), deleted);
        return new Unsent(unsent, deleted);
    }

    /**
     * Waits for Kafka to acknowledge a record, however long Kafka is away, logging while it waits. Records never
     * expire in the producer (delivery.timeout.ms is unbounded): if one could, a later version of a report queued
     * behind it could still be delivered after it failed, and overtake it on the topic once it is sent again.
     * Only stopping the relay gives up (false); the producer is then closed at once, dropping what it still holds.
     */
    private boolean awaitAck(Future<RecordMetadata> ack, int waiting) throws ExecutionException, InterruptedException {
        while (true) {
            try {
                ack.get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (!running) {
                    return false;
                }
                LOG.warnf("Kafka has not acknowledged %d outbox events within %d s; still waiting", waiting,
                        config.sendTimeout().toSeconds());
            }
        }
    }

    /**
     * Hands records {@code 0..count-1} to the producer in order, and stops after the first one it refused at once. The
     * producer reports a metadata timeout, a full buffer or a record too large as a future already failed, not as an
     * exception: sending on would let a later version of the same report reach the topic before the refused one, which
     * the next round sends again. Returns the futures of the records handed over, a refused one last.
     */
    static List<Future<RecordMetadata>> sendInOrder(int count, IntFunction<Future<RecordMetadata>> send) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Future<RecordMetadata> ack = send.apply(i);
            acks.add(ack);
            if (refusedAtOnce(ack)) {
                break;
            }
        }
        return acks;
    }

    private static boolean refusedAtOnce(Future<?> ack) {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            // the kafka.* configuration (bootstrap servers, security), then what this relay's guarantees need
            props.putAll(kafkaConfig);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "intake-outbox-relay");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            // a round sends up to intake.relay.batch-size records at once and waits for all of them: batches of
            // 16 KB (the default) split a round of 2,000 into dozens of requests a partition, in waves of five, and
            // the relay waited on them 70% of its time at the batch stage's rate (deploy/bench/README.md, session
            // 29). A lone record still leaves at once (no linger); a batch takes memory as it fills.
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, RELAY_BATCH_BYTES);
            int sendTimeout = (int) config.sendTimeout().toMillis();
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(5_000, sendTimeout));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5_000, sendTimeout));
            props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (publishedCheck != null) {
            try {
                publishedCheck.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the outbox check's consumer failed", e);
            }
            publishedCheck = null;
        }
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("Closing the Kafka producer failed", e);
            }
            producer = null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
