package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An alert waiting to be published to the alerts topic; written in the same transaction as the alert, deleted once
 * Kafka acknowledged it.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntity {

    /** The alert's id (unique in the table). The column id, a bigserial, is left to the database. */
    @Id
    @Column(name = "alert_id")
    public UUID alertId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static OutboxEntity of(UUID alertId, Instant now) {
        OutboxEntity row = new OutboxEntity();
        row.alertId = alertId;
        row.createdAt = now;
        return row;
    }
}
