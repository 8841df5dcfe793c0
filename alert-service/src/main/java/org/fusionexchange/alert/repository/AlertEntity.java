package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One alert: a report version for one recipient agency. */
@Entity
@Table(name = "alert")
public class AlertEntity {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String recipient;

    @Column(name = "report_id", nullable = false)
    public UUID reportId;

    @Column(name = "report_version", nullable = false)
    public int reportVersion;

    @Column(nullable = false)
    public String topic;

    @Column(name = "msg_type", nullable = false)
    public String msgType;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
