package org.fusionexchange.intake.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ReportVersionRepository implements PanacheRepositoryBase<ReportVersionEntity, UUID> {
}
