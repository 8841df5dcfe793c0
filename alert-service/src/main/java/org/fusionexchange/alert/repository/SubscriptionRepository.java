package org.fusionexchange.alert.repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<SubscriptionEntity, UUID> {

    public List<SubscriptionEntity> ofAnalyst(String agency, String analyst) {
        return list("agency = ?1 and analyst = ?2", Sort.ascending("createdAt", "id"), agency, analyst);
    }

    public Optional<SubscriptionEntity> findOfAnalyst(UUID id, String agency, String analyst) {
        return find("id = ?1 and agency = ?2 and analyst = ?3", id, agency, analyst).firstResultOptional();
    }
}
