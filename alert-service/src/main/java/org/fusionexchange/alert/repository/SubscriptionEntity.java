package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.fusionexchange.alert.service.Severity;

/** An analyst's saved subscription. {@code topics} is a comma-separated list of topic ids, empty for all. */
@Entity
@Table(name = "subscription")
public class SubscriptionEntity {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String agency;

    @Column(nullable = false)
    public String analyst;

    @Column(nullable = false)
    public String topics;

    public String jurisdiction;

    @Enumerated(EnumType.STRING)
    @Column(name = "minimum_severity")
    public Severity minimumSeverity;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
