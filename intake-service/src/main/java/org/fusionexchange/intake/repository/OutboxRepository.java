package org.fusionexchange.intake.repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, UUID> {

    /** Any constant shared by every instance of the service: the key of the relay's advisory lock. */
    private static final long RELAY_LOCK_KEY = 0x1A7A4E_0B0CL;

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

    public List<OutboxEntity> unpublished(int limit) {
        return find("publishedAt is null", Sort.by("seq")).page(0, limit).list();
    }

    public int markPublished(List<UUID> eventIds, Instant at) {
        return update("publishedAt = :at where eventId in :ids", Parameters.with("at", at).and("ids", eventIds));
    }

    public long deletePublishedBefore(Instant before) {
        return delete("publishedAt < ?1", before);
    }

    public Backlog backlog() {
        Object[] row = (Object[]) getEntityManager()
                .createNativeQuery("SELECT count(*), min(created_at) FROM outbox WHERE published_at IS NULL")
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
