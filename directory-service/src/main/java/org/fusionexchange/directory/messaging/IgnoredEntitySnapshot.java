package org.fusionexchange.directory.messaging;

import java.time.Instant;

import org.fusionexchange.directory.service.IgnoredEntity;

/**
 * The value of a directory.ignored-entities message, exactly as contracts/directory.ignored-entities/README.md
 * documents it: ignored false (and reason null) once the value is taken off the list. Kept apart from the API model.
 */
public record IgnoredEntitySnapshot(String key, String kind, String value, String plateState, boolean ignored,
        String reason, long version, Instant updatedAt) {

    public static IgnoredEntitySnapshot of(IgnoredEntity e) {
        return new IgnoredEntitySnapshot(e.key(), e.kind().name(), e.value(), e.plateState(), e.ignored(), e.reason(),
                e.version(), e.updatedAt());
    }
}
