package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class CaseReportRepository implements PanacheRepositoryBase<CaseReportEntity, UUID> {

    /** A report of the agency, locked for a change; null when the agency has no such report. */
    public CaseReportEntity findOfAgencyForUpdate(UUID id, String agency) {
        CaseReportEntity report = findById(id, LockModeType.PESSIMISTIC_WRITE);
        return report != null && report.agency.equals(agency) ? report : null;
    }

    /** The agency's reports received since {@code since} (if given) of the type (if given), newest first. */
    public PanacheQuery<CaseReportEntity> ofAgency(String agency, String type, Instant since) {
        StringBuilder query = new StringBuilder("agency = :agency");
        Parameters params = Parameters.with("agency", agency);
        if (type != null) {
            query.append(" and type = :type");
            params.and("type", type);
        }
        if (since != null) {
            query.append(" and receivedAt >= :since");
            params.and("since", since);
        }
        return find(query.toString(), Sort.descending("receivedAt").and("id", Sort.Direction.Descending), params);
    }

}
