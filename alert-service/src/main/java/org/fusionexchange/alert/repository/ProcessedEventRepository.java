package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ProcessedEventRepository implements PanacheRepositoryBase<ProcessedEventEntity, UUID> {

    /** Which of these events were already handled. */
    public Set<UUID> processedAmong(Collection<UUID> eventIds) {
        return new HashSet<>(getEntityManager()
                .createQuery("select p.eventId from ProcessedEventEntity p where p.eventId in :ids", UUID.class)
                .setParameter("ids", eventIds)
                .getResultList());
    }

    /**
     * Forgets up to {@code limit} events processed before {@code cutoff}; @return how many. A redelivery of such an
     * event is still skipped, by its report's state, which holds the last version processed.
     */
    public int deleteProcessedBefore(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("delete from processed_event where event_id in "
                + "(select event_id from processed_event where processed_at < :cutoff limit :limit)")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }
}
