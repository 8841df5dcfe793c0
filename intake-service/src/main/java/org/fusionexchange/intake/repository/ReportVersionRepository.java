package org.fusionexchange.intake.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ReportVersionRepository implements PanacheRepositoryBase<ReportVersionEntity, UUID> {

    /** The stored body of a report's version (on the unique index (report_id, version)). */
    public String bodyOf(UUID reportId, int version) {
        return getEntityManager()
                .createQuery("select v.body from ReportVersionEntity v where v.reportId = :id and v.version = :version",
                        String.class)
                .setParameter("id", reportId)
                .setParameter("version", version)
                .setFlushMode(FlushModeType.COMMIT)
                .getSingleResult();
    }
}
