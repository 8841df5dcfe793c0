package org.fusionexchange.alert.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ReportStateRepository implements PanacheRepositoryBase<ReportStateEntity, UUID> {

    /**
     * Serialises the processing of one report across instances (a rebalance can hand its partition over while an
     * event is still being processed). Held until the end of the transaction.
     */
    public void lockReport(UUID reportId) {
        getEntityManager()
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(1, hashtext(:id))) l")
                .setParameter("id", reportId.toString())
                .getSingleResult();
    }
}
