package org.fusionexchange.alert.repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<SubscriptionEntity, UUID> {

    public List<SubscriptionEntity> ofAnalyst(String agency, String analyst) {
        return list("agency = ?1 and analyst = ?2", Sort.ascending("createdAt", "id"), agency, analyst);
    }

    /** One page of the analyst's subscriptions, oldest first; count() gives the total. */
    public PanacheQuery<SubscriptionEntity> pageOfAnalyst(String agency, String analyst, int page, int size) {
        return find("agency = ?1 and analyst = ?2", Sort.ascending("createdAt", "id"), agency, analyst)
                .page(Page.of(page, size));
    }

    /**
     * How many subscriptions the analyst has, holding the analyst's lock until the transaction ends, so that two
     * concurrent saves cannot both pass the limit.
     */
    public long countOfAnalystLocked(String agency, String analyst) {
        AdvisoryLocks.lockAll(getEntityManager(), AdvisoryLocks.SUBSCRIPTION, List.of(agency + "/" + analyst));
        return count("agency = ?1 and analyst = ?2", agency, analyst);
    }

    public Optional<SubscriptionEntity> findOfAnalyst(UUID id, String agency, String analyst) {
        return find("id = ?1 and agency = ?2 and analyst = ?3", id, agency, analyst).firstResultOptional();
    }
}
