package org.fusionexchange.intake.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class CaseReportRepository implements PanacheRepositoryBase<CaseReportEntity, UUID> {

    public List<CaseReportEntity> pageOfAgency(String agency, int page, int size) {
        return find("agency", Sort.descending("receivedAt").and("id"), agency).page(page, size).list();
    }

    public long countOfAgency(String agency) {
        return count("agency", agency);
    }
}
