package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A stored case report: the narrow columns the service lists and checks by. Its content, every version of it, is in
 * {@link ReportVersionEntity}, written once.
 */
@Entity
@Table(name = "case_report")
public class CaseReportEntity {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String agency;

    @Column(name = "external_ref", nullable = false)
    public String externalRef;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String status;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
