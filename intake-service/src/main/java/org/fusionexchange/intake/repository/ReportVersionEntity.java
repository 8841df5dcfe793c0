package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One version of a report, kept for history: identified by the event that created it. */
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

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String body;
}
