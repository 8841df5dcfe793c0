package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An alert waiting to be published to the alerts topic; written in the same transaction as the alert. */
@Entity
@Table(name = "outbox")
public class OutboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "alert_id", nullable = false)
    public UUID alertId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    public static OutboxEntity of(UUID alertId, Instant now) {
        OutboxEntity row = new OutboxEntity();
        row.alertId = alertId;
        row.createdAt = now;
        return row;
    }
}
