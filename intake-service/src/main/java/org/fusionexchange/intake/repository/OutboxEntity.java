package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An event waiting to be published: a thin row naming it, written in the transaction that wrote its version, with
 * no copy of the payload (the relay builds the record from report_version). {@code seq} is given by the database
 * (bigserial) at insert and never written by Hibernate, so inserts batch; the relay publishes in {@code seq} order
 * and deletes what Kafka acknowledged.
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

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The W3C traceparent of the request that wrote the event, when it was traced; else null. */
    @Column(name = "trace_parent")
    public String traceParent;
}
