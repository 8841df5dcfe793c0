package org.fusionexchange.directory.service;

import java.time.Instant;

import org.fusionexchange.directory.repository.IgnoredEntityEntity;

/**
 * An entry of the ignore list as the directory shows it: an entity value that alert-service must not match on, why,
 * and who put it there. reason is null once the value is no longer ignored (its row stays, so that its version
 * keeps growing).
 */
public record IgnoredEntity(String key, EntityKind kind, String value, String plateState, String reason,
        long version, Instant updatedAt, String updatedBy) {

    public boolean ignored() {
        return reason != null;
    }

    static IgnoredEntity from(IgnoredEntityEntity e) {
        return new IgnoredEntity(e.entityKey, e.kind, e.value, e.plateState, e.reason, e.version, e.updatedAt,
                e.updatedBy);
    }
}
