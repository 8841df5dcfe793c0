package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One alert: a report version, or an overdose spike, for one recipient agency. The spike's column (jsonb) is read and
 * written by AlertRepository's JDBC, not mapped here. Immutable once written, but for its acknowledgement. The
 * content columns (originator to tlp) are null on a Cancel: it never carries a version its recipient may not see.
 */
@Entity
@Table(name = "alert")
public class AlertEntity {

    @Id
    public UUID id;

    /**
     * The recipient's own number of this alert, 1, 2, 3, ... without gaps (the SSE event id), so that it reveals
     * nothing of other agencies' traffic. Assigned in the routing transaction under the recipient's lock, before
     * the batched insert (AlertRepository.number).
     */
    @Column(nullable = false, updatable = false)
    public Long seq;

    @Column(nullable = false)
    public String recipient;

    /** Why the recipient was alerted; null on a Cancel, which carries only identifiers and its cancelReason. */
    @Enumerated(EnumType.STRING)
    public Reason reason;

    @Enumerated(EnumType.STRING)
    @Column(name = "cancel_reason")
    public CancelReason cancelReason;

    /** The recipient's earlier alerts of this report, oldest first (CAP references), on an Update or a Cancel. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "reference_ids", nullable = false)
    public UUID[] references = new UUID[0];

    /** The report this alert is about; null on an overdose spike's alert, which is about no single report. */
    @Column(name = "report_id")
    public UUID reportId;

    @Column(name = "report_version")
    public Integer reportVersion;

    public String originator;

    public String topic;

    public String status;

    @Enumerated(EnumType.STRING)
    @Column(name = "msg_type", nullable = false)
    public MsgType msgType;

    public String urgency;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    public String certainty;

    public String headline;

    public String jurisdiction;

    public Double latitude;

    public Double longitude;

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
