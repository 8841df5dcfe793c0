package org.fusionexchange.alert.repository;

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
}
