package org.fusionexchange.directory.repository;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A Keycloak user that a suspension disabled, to be enabled again by the reinstatement, and only those. */
@Entity
@Table(name = "suspended_user")
public class SuspendedUserEntity {

    @Embeddable
    public record Key(@Column(name = "agency_code") String agencyCode, @Column(name = "user_id") String userId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String username;

    @Column(name = "disabled_at", nullable = false)
    public Instant disabledAt;
}
