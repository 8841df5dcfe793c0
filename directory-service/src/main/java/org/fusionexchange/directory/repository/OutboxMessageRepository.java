package org.fusionexchange.directory.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class OutboxMessageRepository implements PanacheRepositoryBase<OutboxMessageEntity, Long> {

    /**
     * The oldest unsent messages, locked until the transaction ends, so that a second instance's relay waits
     * instead of publishing the same agency's changes out of order.
     */
    public List<OutboxMessageEntity> lockUnsent(int limit) {
        return find("sentAt is null", Sort.ascending("id"))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, limit)
                .list();
    }

    public long countUnsent() {
        return count("sentAt is null");
    }

    public Optional<Instant> oldestUnsent() {
        return Optional.ofNullable(getEntityManager()
                .createQuery("select min(o.occurredAt) from OutboxMessageEntity o where o.sentAt is null", Instant.class)
                .getSingleResult());
    }
}
