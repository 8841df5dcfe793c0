package org.fusionexchange.alert.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, UUID> {

    /**
     * Only one relay publishes at a time across all instances, so that each agency's alerts reach the topic in
     * sequence order. Held until the end of the transaction.
     */
    public boolean tryRelayLock() {
        Object locked = getEntityManager().createNativeQuery("select pg_try_advisory_xact_lock(3, 0)")
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    /**
     * The alert ids of the oldest rows (all of them unsent), in outbox id order: a scan of the primary key.
     * For each recipient this is its alerts' sequence order, since a transaction inserts its alerts and then their
     * outbox rows in the same order, under the recipients' locks, so that both numbers grow together.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> unsent(int limit) {
        return getEntityManager().createNativeQuery(
                "select o.alert_id from outbox o order by o.id limit :limit", UUID.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Kafka acknowledged these alerts: their rows leave the outbox. */
    public long deletePublished(List<UUID> alertIds) {
        return delete("alertId in ?1", alertIds);
    }
}
