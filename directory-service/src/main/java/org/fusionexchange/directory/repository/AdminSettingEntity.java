package org.fusionexchange.directory.repository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * What every setting that administrators change and the directory publishes keeps: its version, and when and by
 * whom it was last changed (the audit). The version is kept by the service, as for agencies, because the message
 * written to the outbox in the same transaction must already carry it.
 */
@MappedSuperclass
public abstract class AdminSettingEntity {

    /** Grows by one with every committed change; the ETag and the message's version. */
    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The administrator who made the last change. */
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    /** Records a change by the administrator: the next version, now, and who. */
    public void stamp(String actor) {
        version++;
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        updatedBy = actor;
    }
}
