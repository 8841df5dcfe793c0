package org.fusionexchange.intake.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.fusionexchange.intake.service.AgencyDirectory.Agency;
import org.fusionexchange.intake.service.AgencyDirectory.Status;

/** The persisted directory view ({@code directory_agency}), by native SQL; callers hold the transaction. */
@ApplicationScoped
public class DirectoryAgencyRepository {

    private final EntityManager em;

    public DirectoryAgencyRepository(EntityManager em) {
        this.em = em;
    }

    /** Stores the snapshot unless a version at least as high is stored already; true when it was stored. */
    public boolean save(Agency agency) {
        return em.createNativeQuery("""
                INSERT INTO directory_agency (code, status, version, updated_at) VALUES (:code, :status, :version, now())
                ON CONFLICT (code) DO UPDATE SET status = excluded.status, version = excluded.version,
                    updated_at = excluded.updated_at
                WHERE directory_agency.version < excluded.version""")
                .setParameter("code", agency.code()).setParameter("status", agency.status().name())
                .setParameter("version", agency.version())
                .executeUpdate() == 1;
    }

    public List<Agency> all() {
        List<?> rows = em.createNativeQuery("SELECT code, status, version FROM directory_agency").getResultList();
        return rows.stream().map(row -> {
            Object[] columns = (Object[]) row;
            return new Agency((String) columns[0], Status.valueOf((String) columns[1]),
                    ((Number) columns[2]).longValue());
        }).toList();
    }
}
