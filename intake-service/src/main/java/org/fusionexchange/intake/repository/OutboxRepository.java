package org.fusionexchange.intake.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/**
 * The outbox: which events are still to be published to case-reports, one row per transaction that wrote any, with
 * the events in the order they are to be published and no copy of their payloads (the records are built from
 * report_version, or handed to the relay in memory). A row's {@code seq} (bigserial, given at insert) orders the
 * rows; the relay publishes them in that order and deletes a row once Kafka acknowledged every event in it.
 */
@ApplicationScoped
public class OutboxRepository {

    /** Any constant shared by every instance of the service: the key of the relay's advisory lock. */
    private static final long RELAY_LOCK_KEY = 0x1A7A4E_0B0CL;

    /**
     * The oldest rows up to the one that reaches {@code limit} events: the rows' events counted in seq order, a row
     * taken while fewer than {@code limit} events came before it (so the first row always, however many events it
     * holds). At most {@code limit} rows are read, by the primary key.
     */
    private static final String PENDING = "SELECT seq, event_ids, created_at, trace_parents FROM ("
            + " SELECT seq, event_ids, created_at, trace_parents,"
            + " sum(cardinality(event_ids)) OVER (ORDER BY seq) - cardinality(event_ids) AS before"
            + " FROM (SELECT seq, event_ids, created_at, trace_parents FROM outbox ORDER BY seq LIMIT ?) oldest"
            + ") counted WHERE before < ? ORDER BY seq";

    private final EntityManager em;

    public OutboxRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * An event still to be published, with what its record is built from: its version and its report's agency; and
     * the traceparent of the request that wrote it, when it was traced (null otherwise). {@code seq} is its outbox
     * row's.
     */
    public record Unpublished(long seq, UUID eventId, UUID reportId, int version, String eventType,
            Instant createdAt, String body, String agency, String traceParent) {
    }

    /** What waits to be published: how many messages, and since when the oldest. */
    public record Backlog(long count, Instant oldest) {
    }

    /**
     * An event still to be published, as its outbox row names it: the row (seq, shared by the events one
     * transaction wrote), when the row was written, and the traceparent of the request that wrote the event (null
     * when untraced).
     */
    public record Pending(long seq, UUID eventId, Instant createdAt, String traceParent) {
    }

    /**
     * Takes the relay's lock for the current transaction, or answers false when another instance holds it: one
     * relay at a time keeps the order of seq on the topic.
     */
    public boolean tryRelayLock() {
        Object locked = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)")
                .setParameter("key", RELAY_LOCK_KEY).getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    /**
     * Writes the outbox row of the current transaction's events, in the order they are to be published (at least
     * one), with the traceparent of each event's request (a list of nulls, or null, when none was traced); by plain
     * JDBC, so that the session has no entity to check at commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void written(List<UUID> eventIds, Instant createdAt, List<String> traceParents) {
        if (eventIds.isEmpty()) {
            throw new IllegalArgumentException("An outbox row names at least one event");
        }
        boolean traced = traceParents != null && traceParents.stream().anyMatch(Objects::nonNull);
        if (traced && traceParents.size() != eventIds.size()) {
            throw new IllegalArgumentException("One traceparent (or null) per event");
        }
        work("Writing the outbox row of " + eventIds.size() + " events", connection -> {
            Array events = connection.createArrayOf("uuid", eventIds.toArray());
            Array traces = traced ? connection.createArrayOf("text", traceParents.toArray()) : null;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO outbox (event_ids, created_at, trace_parents) VALUES (?, ?, ?)")) {
                insert.setArray(1, events);
                insert.setObject(2, createdAt.atOffset(ZoneOffset.UTC));
                if (traces == null) {
                    insert.setNull(3, Types.ARRAY);
                } else {
                    insert.setArray(3, traces);
                }
                return insert.executeUpdate();
            } finally {
                events.free();
                if (traces != null) {
                    traces.free();
                }
            }
        });
    }

    /**
     * The oldest events still to be published, in order (the rows by seq, each row's events in its order), whole
     * rows up to the one that reaches {@code limit} events: a row is deleted only once all of its events are on the
     * topic, so a round takes all of them.
     *
     * <p>The outbox is a queue: nearly empty, while its heap keeps the size of the largest backlog it held and the
     * rows deleted since the last vacuum. Seeing few rows, the planner would read the whole heap and sort it (19 ms
     * for a 53 MB heap holding nothing, at every round); walking the primary key reads a few pages at its low end.
     * {@code SET LOCAL} holds until the end of the relay's transaction.
     */
    public List<Pending> pending(int limit) {
        em.createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate();
        return work("Reading the outbox", connection -> {
            List<Pending> pending = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(PENDING)) {
                select.setInt(1, limit);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        UUID[] events = (UUID[]) rows.getArray(2).getArray();
                        Instant createdAt = rows.getObject(3, OffsetDateTime.class).toInstant();
                        Array traceArray = rows.getArray(4);
                        String[] traces = traceArray == null ? null : (String[]) traceArray.getArray();
                        for (int i = 0; i < events.length; i++) {
                            pending.add(new Pending(seq, events[i], createdAt, traces == null ? null : traces[i]));
                        }
                    }
                }
            }
            return pending;
        });
    }

    /**
     * What the records of these pending events are built from, read back from their versions (a join on primary
     * keys, by plain SQL so that the session keeps no entities to check at commit), in the order given. The relay
     * reads back only the events whose records were not handed to it in memory.
     */
    public List<Unpublished> readBack(List<Pending> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT v.event_id, v.report_id, v.version, v.event_type, v.created_at, v.body, r.agency"
                        + " FROM report_version v JOIN case_report r ON r.id = v.report_id"
                        + " WHERE v.event_id IN (:ids)")
                .setParameter("ids", pending.stream().map(Pending::eventId).toList())
                .getResultList();
        Map<UUID, Object[]> byId = new HashMap<>();
        rows.forEach(row -> byId.put((UUID) row[0], row));
        return pending.stream().map(p -> {
            Object[] row = byId.get(p.eventId());
            if (row == null) {
                throw new IllegalStateException("Outbox row " + p.seq() + " names event " + p.eventId()
                        + ", which has no stored version");
            }
            return new Unpublished(p.seq(), p.eventId(), (UUID) row[1], ((Number) row[2]).intValue(),
                    (String) row[3], toInstant(row[4]), (String) row[5], (String) row[6], p.traceParent());
        }).toList();
    }

    /** The oldest events still to be published, in order, each read back with its version's body. */
    public List<Unpublished> unpublished(int limit) {
        return readBack(pending(limit));
    }

    /** How many events of these reports are still to be published. */
    public long unpublishedOf(Collection<UUID> reportIds) {
        return work("Counting the outbox's events of " + reportIds.size() + " reports", connection -> {
            Array reports = connection.createArrayOf("uuid", reportIds.toArray());
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox o"
                    + " CROSS JOIN LATERAL unnest(o.event_ids) AS e(event_id)"
                    + " JOIN report_version v ON v.event_id = e.event_id WHERE v.report_id = ANY (?)")) {
                count.setArray(1, reports);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } finally {
                reports.free();
            }
        });
    }

    /**
     * Kafka acknowledged every event of these rows: they leave the outbox. One statement with one array parameter, the
     * same text for any number of rows (PostgreSQL keeps its prepared plan).
     */
    public long deletePublished(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return 0;
        }
        return work("Deleting " + seqs.size() + " published outbox rows", connection -> {
            Array array = connection.createArrayOf("bigint", seqs.toArray(new Long[0]));
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE seq = ANY (?)")) {
                delete.setArray(1, array);
                return (long) delete.executeUpdate();
            } finally {
                array.free();
            }
        });
    }

    public Backlog backlog() {
        Object[] row = (Object[]) em.createNativeQuery(
                        "SELECT coalesce(sum(cardinality(event_ids)), 0), min(created_at) FROM outbox")
                .getSingleResult();
        return new Backlog(((Number) row[0]).longValue(), toInstant(row[1]));
    }

    /** Plain JDBC on the transaction's connection; a failure is a {@link PersistenceException} around JDBC's. */
    private <T> T work(String what, Work<T> work) {
        try {
            return em.unwrap(Session.class).doReturningWork(work::on);
        } catch (org.hibernate.JDBCException e) {
            throw new PersistenceException(what + " failed", e.getSQLException());
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /** The JDBC driver and Hibernate versions disagree on how a timestamptz comes back from a native query. */
    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
