package org.fusionexchange.alert.repository;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ReportStateRepository implements PanacheRepositoryBase<ReportStateEntity, UUID> {

    /**
     * Serialises the processing of these reports across instances (a rebalance can hand a partition over while its
     * events are still being processed). Held until the end of the transaction; taken in id order, so that two
     * transactions locking overlapping reports cannot deadlock.
     */
    public void lockReports(Collection<UUID> reportIds) {
        String ids = new TreeSet<>(reportIds.stream().map(UUID::toString).toList()).stream()
                .collect(Collectors.joining(","));
        getEntityManager()
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(1, hashtext(id))"
                        + " from (select unnest(string_to_array(:ids, ',')) as id order by 1) ordered) l")
                .setParameter("ids", ids)
                .setFlushMode(FlushModeType.COMMIT)
                .getSingleResult();
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
