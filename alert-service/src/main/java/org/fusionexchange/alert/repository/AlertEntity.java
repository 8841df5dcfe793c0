package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;

/** One alert: a report version for one recipient agency. Immutable once written, but for its acknowledgement. */
@Entity
@Table(name = "alert")
public class AlertEntity {

    @Id
    public UUID id;

    /**
     * Assigned by the database (bigserial) at insert: the global order of alerts, and the SSE event id. Not read
     * back after the insert, so that alerts are inserted in JDBC batches: it is known on alerts read from the
     * database, and null on one just persisted.
     */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(nullable = false)
    public String recipient;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Reason reason;

    @Column(name = "report_id", nullable = false)
    public UUID reportId;

    @Column(name = "report_version", nullable = false)
    public int reportVersion;

    @Column(nullable = false)
    public String originator;

    @Column(nullable = false)
    public String topic;

    @Column(nullable = false)
    public String status;

    @Enumerated(EnumType.STRING)
    @Column(name = "msg_type", nullable = false)
    public MsgType msgType;

    @Column(nullable = false)
    public String urgency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Severity severity;

    @Column(nullable = false)
    public String certainty;

    @Column(nullable = false)
    public String headline;

    @Column(nullable = false)
    public String jurisdiction;

    public Double latitude;

    public Double longitude;

    @Column(nullable = false)
    public String tlp;

    @Column(name = "sent_at", nullable = false)
    public Instant sentAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
}
