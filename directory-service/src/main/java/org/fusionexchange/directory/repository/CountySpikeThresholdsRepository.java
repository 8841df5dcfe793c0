package org.fusionexchange.directory.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class CountySpikeThresholdsRepository implements PanacheRepositoryBase<CountySpikeThresholdsEntity, String> {

    private static final String OVERRIDDEN = "pt1h is not null";

    /** The county's row, locked until the transaction ends: changes to one county are serialised. */
    public Optional<CountySpikeThresholdsEntity> findForUpdate(String county) {
        return findByIdOptional(county, LockModeType.PESSIMISTIC_WRITE);
    }

    /** One page of the counties that have thresholds of their own, by county code. */
    public List<CountySpikeThresholdsEntity> overrides(int page, int size) {
        return find(OVERRIDDEN, Sort.ascending("countyCode")).page(page, size).list();
    }

    public long countOverrides() {
        return count(OVERRIDDEN);
    }
}
