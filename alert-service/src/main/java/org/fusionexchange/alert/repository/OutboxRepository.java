package org.fusionexchange.alert.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.jpa.AvailableHints;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, UUID> {

    /**
     * Only one relay publishes at a time across all instances, so that each agency's alerts reach the topic in
     * sequence order. Held until the end of the transaction.
     */
    public boolean tryRelayLock() {
        Object locked = getEntityManager().createNativeQuery("select pg_try_advisory_xact_lock(:space, 0)")
                .setParameter("space", AdvisoryLocks.RELAY)
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    /**
     * The alerts of the oldest rows (all of them unsent), in outbox id order, read in one statement and read only
     * (the session keeps no snapshots of them to check at commit). For each recipient this is its alerts' sequence
     * order, since a transaction inserts its alerts and then their outbox rows in the same order, under the
     * recipients' locks, so that both numbers grow together.
     */
    @SuppressWarnings("unchecked")
    public List<AlertEntity> unsentAlerts(int limit) {
        // The outbox is a queue: nearly empty, its heap and indexes holding the rows deleted since the last vacuum.
        // Seeing few rows, the planner would read all of it and sort; walking the primary key in order stops at the
        // limit. Both settings hold until the end of the relay's transaction, set in one round trip.
        getEntityManager().createNativeQuery(
                "select set_config('enable_seqscan', 'off', true), set_config('enable_sort', 'off', true)")
                .getSingleResult();
        return getEntityManager().createNativeQuery(
                "select a.* from outbox o join alert a on a.id = o.alert_id order by o.id limit :limit",
                AlertEntity.class)
                .setParameter("limit", limit)
                .setHint(AvailableHints.HINT_READ_ONLY, true)
                .getResultList();
    }

    /** Kafka acknowledged these alerts: their rows leave the outbox. */
    public long deletePublished(List<UUID> alertIds) {
        return delete("alertId in ?1", alertIds);
    }
}
