package org.fusionexchange.intake.messaging;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.fusionexchange.intake.config.IntakeConfig;

/**
 * The case-reports records of the events in this instance's outbox rows, built by the requests that wrote them and handed to the
 * relay in memory just before the commit (removed again if it rolls back): the relay sends them without reading each
 * version back from PostgreSQL and without building each record on its one thread. The outbox row stays the durable
 * truth: the relay still takes its rows in seq order under its lock, and a row whose record is not here (written by
 * another instance, before a restart, or not admitted here) is read back and built as before.
 *
 * <p>Bounded by {@code intake.relay.handed-capacity}: when it is full, new records are not admitted (and a request
 * that sees it full does not build one), rather than dropping the oldest. A relay behind a backlog reaches every
 * record admitted here, whereas dropping the oldest would drop exactly those it is about to send and keep only what
 * it reaches last. Emptied when the relay stops or another instance holds the relay lock, since that one publishes
 * this instance's rows from the database. A record the relay does not take may name a row that is gone (deleted
 * after a crash as already on the topic, or published by another instance between two of this relay's rounds); it is
 * dropped at the relay's next round once it is older than a relay round could be. A record the relay has simply not
 * reached by then is dropped too, which costs its read-back, never a record.
 *
 * <p>It is also where requests meet the relay's pace. A request about to build records first waits, up to
 * {@code intake.relay.admission-wait}, for room for them ({@link #awaitRoom}) while the relay is publishing but
 * behind: accepting faster than the relay publishes only grows the outbox, and past the capacity the relay would
 * read every row back and build it on its one thread, falling further behind. A relay that published nothing for
 * {@value #STALLED_MILLIS} ms (Kafka away or refusing, or another instance holding the lock) holds no request back,
 * and releases those already waiting: reports are still accepted and their rows wait in the outbox. Taking a round's
 * records is not publishing: a relay whose rounds fail after taking them is stalled.
 */
@ApplicationScoped
public class HandedRecords {

    /** How long without a published round before the relay counts as stalled, and no request waits for it. */
    static final long STALLED_MILLIS = 2_000;

    private final int capacity;
    private final Duration admissionWait;
    private final LinkedHashMap<UUID, Handed> records = new LinkedHashMap<>();
    /** When Kafka last acknowledged a round of the relay (System.nanoTime()); never, at first. */
    private long publishedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(STALLED_MILLIS) - 1;

    private record Handed(ProducerRecord<String, byte[]> record, long handedAt) {
    }

    @Inject
    public HandedRecords(IntakeConfig config) {
        this(config.relay().handedCapacity(), config.relay().admissionWait());
    }

    HandedRecords(int capacity, Duration admissionWait) {
        this.capacity = capacity;
        this.admissionWait = admissionWait;
    }

    /** Whether a record built now would likely be admitted (a hint: the relay may not have made room by then). */
    public synchronized boolean hasRoom() {
        return records.size() < capacity;
    }

    /**
     * Whether {@code count} records built now would likely be admitted, after waiting (up to the admission wait) for
     * a relay that is publishing but behind to make room for them. Answers at once when there is room, and (false)
     * when the relay is stalled or for a capacity of 0. False when the wait ran out, or the relay stalled meanwhile:
     * the request then builds no record.
     */
    public synchronized boolean awaitRoom(int count) {
        if (capacity == 0) {
            return false;
        }
        long deadline = System.nanoTime() + admissionWait.toNanos();
        long stalledAfter = TimeUnit.MILLISECONDS.toNanos(STALLED_MILLIS);
        // a batch larger than the whole hand-off waits for it to be empty
        int room = Math.min(count, capacity);
        while (records.size() + room > capacity) {
            long now = System.nanoTime();
            long left = deadline - now;
            long untilStalled = publishedAt + stalledAfter - now;
            if (left <= 0 || untilStalled <= 0) {
                return false;
            }
            try {
                // woken when a round takes its records or is published; else looks again when the relay would
                // count as stalled
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, untilStalled));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Kafka acknowledged a round: the relay is publishing, so requests may wait for it; those waiting look again. */
    synchronized void published() {
        publishedAt = System.nanoTime();
        notifyAll();
    }

    /**
     * The relay took a round's records: those waiting look again at the room it made. Not progress: the round may
     * still fail, and a relay that takes records but never publishes them must hold no request back.
     */
    synchronized void roundTaken() {
        notifyAll();
    }

    /** Admits the records, in order, while there is room; the others are read back when their turn comes. */
    synchronized void add(List<OutboxWritten.Written> written) {
        long now = System.nanoTime();
        for (OutboxWritten.Written item : written) {
            if (records.size() >= capacity) {
                return;
            }
            records.put(item.eventId(), new Handed(item.record(), now));
        }
    }

    /** Removes the records of a transaction that rolled back. */
    synchronized void remove(List<OutboxWritten.Written> written) {
        for (OutboxWritten.Written item : written) {
            records.remove(item.eventId());
        }
        notifyAll();
    }

    /** The record handed for this event, removed from here; null when it was not handed or not admitted. */
    synchronized ProducerRecord<String, byte[]> take(UUID eventId) {
        Handed handed = records.remove(eventId);
        return handed == null ? null : handed.record();
    }

    /** Drops the records handed longer ago than {@code age}: called at every round of the relay. */
    synchronized void dropOlderThan(Duration age) {
        long oldest = System.nanoTime() - age.toNanos();
        Iterator<Handed> it = records.values().iterator();
        while (it.hasNext() && it.next().handedAt() - oldest < 0) {
            it.remove();
        }
        notifyAll();
    }

    synchronized void clear() {
        records.clear();
        notifyAll();
    }

    synchronized int size() {
        return records.size();
    }
}
