package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A message waiting in the transactional outbox. {@code seq} is given by the database (bigserial) at insert and
 * never written by Hibernate, so inserts batch; the relay publishes in {@code seq} order and deletes what Kafka
 * acknowledged.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntity {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "report_id", nullable = false)
    public UUID reportId;

    @Column(nullable = false)
    public String topic;

    /** The message value, exactly as published. */
    @Column(nullable = false)
    public String payload;

    /** The message headers as a JSON object of strings (CloudEvents binary mode). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String headers;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
