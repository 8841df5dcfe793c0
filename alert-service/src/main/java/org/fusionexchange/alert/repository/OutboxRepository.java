package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, Long> {

    /** An unsent outbox row and its alert. */
    public record Pending(long outboxId, UUID alertId) {
    }

    /**
     * Only one relay publishes at a time across all instances, so that each agency's alerts reach the topic in
     * sequence order. Held until the end of the transaction.
     */
    public boolean tryRelayLock() {
        Object locked = getEntityManager().createNativeQuery("select pg_try_advisory_xact_lock(3, 0)")
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    /** The oldest unsent rows, in alert sequence order. */
    @SuppressWarnings("unchecked")
    public List<Pending> unsent(int limit) {
        List<Object[]> rows = getEntityManager().createNativeQuery(
                "select o.id, o.alert_id from outbox o join alert a on a.id = o.alert_id"
                        + " where o.sent_at is null order by a.seq limit :limit")
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(r -> new Pending(((Number) r[0]).longValue(), (UUID) r[1])).toList();
    }

    public int markSent(List<Long> ids, Instant when) {
        return update("sentAt = ?1 where id in ?2", when, ids);
    }

    public long countUnsent() {
        return count("sentAt is null");
    }
}
