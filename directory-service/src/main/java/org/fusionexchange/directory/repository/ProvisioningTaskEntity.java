package org.fusionexchange.directory.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.fusionexchange.directory.service.ProvisioningAction;

/** Keycloak work to do for an agency, durable until it succeeded. */
@Entity
@Table(name = "provisioning_task")
public class ProvisioningTaskEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Null for work on the whole directory (the reconciliation). */
    @Column(name = "agency_code")
    public String agencyCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ProvisioningAction action;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "done_at")
    public Instant doneAt;
}
