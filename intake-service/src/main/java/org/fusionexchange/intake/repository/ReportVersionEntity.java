package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One version of a report, identified by the event that created it: the history, and what case-reports carries. */
@Entity
@Table(name = "report_version")
public class ReportVersionEntity {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "report_id", nullable = false)
    public UUID reportId;

    @Column(nullable = false)
    public int version;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The report as of this version, as JSON text: the only copy of it, and the value the event carries. */
    @Column(nullable = false)
    public String body;
}
