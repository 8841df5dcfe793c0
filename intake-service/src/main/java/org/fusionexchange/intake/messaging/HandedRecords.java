package org.fusionexchange.intake.messaging;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.fusionexchange.intake.config.IntakeConfig;

/**
 * The case-reports records of this instance's committed outbox rows, built by the requests that wrote them and
 * handed to the relay in memory after the commit: the relay sends them without reading each version back from
 * PostgreSQL and without building each record on its one thread. The outbox row stays the durable truth: the relay
 * still takes its rows in seq order under its lock, and a row whose record is not here (written by another instance,
 * before a restart, or not admitted here) is read back and built as before.
 *
 * <p>Bounded by {@code intake.relay.handed-capacity}: when it is full, new records are not admitted (and a request
 * that sees it full does not build one), rather than dropping the oldest. A relay behind a backlog reaches every
 * record admitted here, whereas dropping the oldest would drop exactly those it is about to send and keep only what
 * it reaches last. Emptied when the relay stops or another instance holds the relay lock, since that one publishes
 * this instance's rows from the database. A record still here while the outbox is empty names a row that is gone
 * (deleted after a crash as already on the topic, or published by another instance between two of this relay's
 * rounds) and is dropped once it is older than a relay round could be. Such records are swept only when the outbox
 * is empty: with two instances under steady load they can hold part of the capacity meanwhile, which costs
 * read-backs, never a record.
 */
@ApplicationScoped
public class HandedRecords {

    private final int capacity;
    private final LinkedHashMap<UUID, Handed> records = new LinkedHashMap<>();

    private record Handed(ProducerRecord<String, byte[]> record, long handedAt) {
    }

    @Inject
    public HandedRecords(IntakeConfig config) {
        this(config.relay().handedCapacity());
    }

    HandedRecords(int capacity) {
        this.capacity = capacity;
    }

    /** Whether a record built now would likely be admitted (a hint: the relay may not have made room by then). */
    public synchronized boolean hasRoom() {
        return records.size() < capacity;
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

    /** The record handed for this event, removed from here; null when it was not handed or not admitted. */
    synchronized ProducerRecord<String, byte[]> take(UUID eventId) {
        Handed handed = records.remove(eventId);
        return handed == null ? null : handed.record();
    }

    /** Drops the records handed longer ago than {@code age}: called when the outbox was found empty. */
    synchronized void dropOlderThan(Duration age) {
        long oldest = System.nanoTime() - age.toNanos();
        Iterator<Handed> it = records.values().iterator();
        while (it.hasNext() && it.next().handedAt() - oldest < 0) {
            it.remove();
        }
    }

    synchronized void clear() {
        records.clear();
    }

    synchronized int size() {
        return records.size();
    }
}
