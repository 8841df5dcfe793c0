package org.fusionexchange.alert.repository;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ReportStateRepository implements PanacheRepositoryBase<ReportStateEntity, UUID> {

    /**
     * Serialises the processing of these reports across instances (a rebalance can hand a partition over while its
     * events are still being processed). Held until the end of the transaction; taken in id order, so that two
     * transactions locking overlapping reports cannot deadlock.
     */
    public void lockReports(Collection<UUID> reportIds) {
        AdvisoryLocks.lockAll(getEntityManager(), AdvisoryLocks.REPORT, reportIds.stream().map(UUID::toString).toList());
    }

    /** The states of these reports that exist, with their recipients, by report id. */
    public Map<UUID, ReportStateEntity> withRecipients(Collection<UUID> reportIds) {
        return getEntityManager()
                .createQuery("select distinct s from ReportStateEntity s left join fetch s.recipients"
                        + " where s.reportId in :ids", ReportStateEntity.class)
                .setParameter("ids", reportIds)
                .getResultStream()
                .collect(Collectors.toMap(s -> s.reportId, Function.identity()));
    }
}
