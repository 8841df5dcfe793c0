package org.fusionexchange.intake.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.fusionexchange.intake.service.AgencyDirectory.Agency;
import org.fusionexchange.intake.service.AgencyDirectory.Quota;
import org.fusionexchange.intake.service.AgencyDirectory.Status;
import org.hibernate.query.NativeQuery;

/** The persisted directory view ({@code directory_agency}), by native SQL; callers hold the transaction. */
@ApplicationScoped
public class DirectoryAgencyRepository {

    private final EntityManager em;

    public DirectoryAgencyRepository(EntityManager em) {
        this.em = em;
    }

    /** Stores the snapshot unless a version at least as high is stored already; true when it was stored. */
    public boolean save(Agency agency) {
        Quota quota = agency.quota();
        return em.createNativeQuery("""
                INSERT INTO directory_agency (code, status, version, quota_requests_per_second, quota_burst, updated_at)
                VALUES (:code, :status, :version, :rps, :burst, now())
                ON CONFLICT (code) DO UPDATE SET status = excluded.status, version = excluded.version,
                    quota_requests_per_second = excluded.quota_requests_per_second,
                    quota_burst = excluded.quota_burst, updated_at = excluded.updated_at
                WHERE directory_agency.version < excluded.version""")
                .unwrap(NativeQuery.class)
                .setParameter("rps", quota == null ? null : quota.requestsPerSecond(), Integer.class)
                .setParameter("burst", quota == null ? null : quota.burst(), Integer.class)
                .setParameter("code", agency.code()).setParameter("status", agency.status().name())
                .setParameter("version", agency.version())
                .executeUpdate() == 1;
    }

    public List<Agency> all() {
        List<?> rows = em.createNativeQuery(
                "SELECT code, status, version, quota_requests_per_second, quota_burst FROM directory_agency")
                .getResultList();
        return rows.stream().map(row -> {
            Object[] columns = (Object[]) row;
            Quota quota = columns[3] == null ? null
                    : new Quota(((Number) columns[3]).intValue(), ((Number) columns[4]).intValue());
            return new Agency((String) columns[0], Status.valueOf((String) columns[1]),
                    ((Number) columns[2]).longValue(), quota);
        }).toList();
    }
}
