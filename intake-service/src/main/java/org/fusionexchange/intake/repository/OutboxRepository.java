package org.fusionexchange.intake.repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

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
     * The oldest events still to be published, in seq order, each with its version's body: a join on primary keys,
     * read by plain SQL, so that the session keeps no entities to check at commit.
     *
     * <p>The outbox is a queue: nearly empty, while its heap keeps the size of the largest backlog it held and the
     * rows deleted since the last vacuum. Seeing few rows, the planner would read the whole heap and sort it (19 ms
     * for a 53 MB heap holding nothing, at every round); walking the primary key reads a few pages at its low end.
     * {@code SET LOCAL} holds until the end of the relay's transaction.
     */
    public List<Unpublished> unpublished(int limit) {
        getEntityManager().createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery(
                        "SELECT o.seq, o.event_id, v.report_id, v.version, v.event_type, v.created_at, v.body, r.agency,"
                        + " o.trace_parent"
                        + " FROM outbox o JOIN report_version v ON v.event_id = o.event_id"
                        + " JOIN case_report r ON r.id = v.report_id ORDER BY o.seq LIMIT :limit")
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> new Unpublished(((Number) row[0]).longValue(), (UUID) row[1], (UUID) row[2],
                ((Number) row[3]).intValue(), (String) row[4], toInstant(row[5]), (String) row[6], (String) row[7],
                (String) row[8]))
                .toList();
    }

    /** Kafka acknowledged these messages: their rows leave the outbox. */
    public long deletePublished(List<UUID> eventIds) {
        return delete("eventId in ?1", eventIds);
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
