package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A case-reports event already handled, so that a redelivery is skipped. */
@Entity
@Table(name = "processed_event")
public class ProcessedEventEntity {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "report_id", nullable = false)
    public UUID reportId;

    @Column(name = "report_version", nullable = false)
    public int reportVersion;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    public static ProcessedEventEntity of(UUID eventId, UUID reportId, int version, Instant now) {
        ProcessedEventEntity row = new ProcessedEventEntity();
        row.eventId = eventId;
        row.reportId = reportId;
        row.reportVersion = version;
        row.processedAt = now;
        return row;
    }
}
