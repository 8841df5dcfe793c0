package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CaseReportRepository implements PanacheRepositoryBase<CaseReportEntity, UUID> {

    /** A report of the agency, locked for a change; null when the agency has no such report. */
    public CaseReportEntity findOfAgencyForUpdate(UUID id, String agency) {
        CaseReportEntity report = findById(id, LockModeType.PESSIMISTIC_WRITE);
        return report != null && report.agency.equals(agency) ? report : null;
    }

    /** Where a report sits in its agency's list, newest first: the key of the index the list reads. */
    public record Position(Instant receivedAt, UUID id) {
    }

    /** What a list shows of a report: its columns, not its body (read by {@link ReportLists}). */
    public record Row(UUID id, String externalRef, String type, int version, String status, Instant receivedAt,
            Instant updatedAt) {

        public Position position() {
            return new Position(receivedAt, id);
        }
    }
}
