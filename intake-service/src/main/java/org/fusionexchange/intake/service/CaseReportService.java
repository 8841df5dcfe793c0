package org.fusionexchange.intake.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.intake.repository.CaseReportEntity;
import org.fusionexchange.intake.repository.CaseReportRepository;

/** The rules of case reports, reachable without HTTP. */
@ApplicationScoped
@Transactional
public class CaseReportService {

    /** A report as listed: identity, type and state, without the narrative. */
    public record ReportSummary(java.util.UUID id, String externalRef, String type, int version, String status,
            java.time.Instant receivedAt, java.time.Instant updatedAt) {
    }

    private final CaseReportRepository reports;

    public CaseReportService(CaseReportRepository reports) {
        this.reports = reports;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ReportSummary> listOfAgency(String agency, int page, int size) {
        return reports.pageOfAgency(agency, page, size).stream().map(CaseReportService::summary).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long countOfAgency(String agency) {
        return reports.countOfAgency(agency);
    }

    private static ReportSummary summary(CaseReportEntity e) {
        return new ReportSummary(e.id, e.externalRef, e.type, e.version, e.status, e.receivedAt, e.updatedAt);
    }
}
