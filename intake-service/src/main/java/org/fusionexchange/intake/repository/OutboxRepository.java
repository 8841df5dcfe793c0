package org.fusionexchange.intake.repository;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.hibernate.Session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, UUID> {

    /** Any constant shared by every instance of the service: the key of the relay's advisory lock. */
    private static final long RELAY_LOCK_KEY = 0x1A7A4E_0B0CL;

    /**
     * An event still to be published, with what its record is built from: its version and its report's agency; and
     * the traceparent of the request that wrote it, when it was traced (null otherwise).
     */
    public record Unpublished(long seq, UUID eventId, UUID reportId, int version, String eventType,
            Instant createdAt, String body, String agency, String traceParent) {
    }

    /** What waits to be published: how many messages, and since when the oldest. */
    public record Backlog(long count, Instant oldest) {
    }

    /**
     * Takes the relay's lock for the current transaction, or answers false when another instance holds it: one
     * relay at a time keeps the order of seq on the topic.
     */
    public boolean tryRelayLock() {
        Object locked = getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)")
                .setParameter("key", RELAY_LOCK_KEY).getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    /**
     * An outbox row: an event still to be published, its place in the order (seq), when it was written, and the
     * traceparent of the request that wrote it (null when untraced).
     */
    public record Pending(long seq, UUID eventId, Instant createdAt, String traceParent) {
    }

    /**
     * The oldest events still to be published, in seq order: the outbox's own thin rows, without their versions.
     *
     * <p>The outbox is a queue: nearly empty, while its heap keeps the size of the largest backlog it held and the
     * rows deleted since the last vacuum. Seeing few rows, the planner would read the whole heap and sort it (19 ms
     * for a 53 MB heap holding nothing, at every round); walking the primary key reads a few pages at its low end.
     * {@code SET LOCAL} holds until the end of the relay's transaction.
     */
    public List<Pending> pending(int limit) {
        getEntityManager().createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery(
                        "SELECT seq, event_id, created_at, trace_parent FROM outbox ORDER BY seq LIMIT :limit")
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> new Pending(((Number) row[0]).longValue(), (UUID) row[1],
                toInstant(row[2]), (String) row[3])).toList();
    }

    /**
     * What the records of these pending events are built from, read back from their versions (a join on primary
     * keys, by plain SQL so that the session keeps no entities to check at commit), in the order given. The relay
     * reads back only the rows whose records were not handed to it in memory.
     */
    public List<Unpublished> readBack(List<Pending> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery(
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
                throw new IllegalStateException("Outbox row " + p.seq() + " names no stored version");
            }
            return new Unpublished(p.seq(), p.eventId(), (UUID) row[1], ((Number) row[2]).intValue(),
                    (String) row[3], toInstant(row[4]), (String) row[5], (String) row[6], p.traceParent());
        }).toList();
    }

    /** The oldest events still to be published, in seq order, each read back with its version's body. */
    public List<Unpublished> unpublished(int limit) {
        return readBack(pending(limit));
    }

    /**
     * Kafka acknowledged these messages: their rows leave the outbox. One statement with one array parameter, the same
     * text for any number of rows (PostgreSQL keeps its prepared plan), where {@code seq in (...)} sent, parsed and
     * planned up to a relay batch's 2,000 parameters each round.
     */
    public long deletePublished(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return 0;
        }
        try {
            return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
                Array array = connection.createArrayOf("bigint", seqs.toArray(new Long[0]));
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM outbox WHERE seq = ANY (?)")) {
                    delete.setArray(1, array);
                    return (long) delete.executeUpdate();
                } finally {
                    array.free();
                }
            });
        } catch (org.hibernate.JDBCException e) {
            throw new PersistenceException("Deleting " + seqs.size() + " published outbox rows failed",
                    e.getSQLException());
        }
    }

    public Backlog backlog() {
        Object[] row = (Object[]) getEntityManager()
                .createNativeQuery("SELECT count(*), min(created_at) FROM outbox")
                .getSingleResult();
        return new Backlog(((Number) row[0]).longValue(), toInstant(row[1]));
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
