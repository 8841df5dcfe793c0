package org.fusionexchange.directory.service;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.directory.repository.IgnoredEntityEntity;

/**
 * An entry of the ignore list as the directory shows it: an entity value that alert-service must not match on, why,
 * and who put it there. reason is null once the value is no longer ignored (its row stays, so that its version
 * keeps growing).
 */
public record IgnoredEntity(
        @Schema(required = true, maxLength = 40, pattern = IgnoredEntityRules.KEY_PATTERN,
                example = "phone:+18135550100") String key,
        @Schema(required = true) EntityKind kind,
        @Schema(required = true, maxLength = 17, pattern = "^[A-Z0-9+]{1,17}$", example = "+18135550100")
        String value,
        @Schema(nullable = true, maxLength = 6, pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$", example = "US-FL")
        String plateState,
        @Schema(required = true, maxLength = IgnoredEntityRules.MAX_REASON,
                pattern = AgencyRules.PLAIN_TEXT_PATTERN, example = "test number used in training") String reason,
        @Schema(required = true, minimum = "1", maximum = "9223372036854775807") long version,
        @Schema(required = true, maxLength = 30, format = "date-time") Instant updatedAt,
        @Schema(required = true, maxLength = 255) String updatedBy) {

    public boolean ignored() {
        return reason != null;
    }

    static IgnoredEntity from(IgnoredEntityEntity e) {
        return new IgnoredEntity(e.entityKey, e.kind, e.value, e.plateState, e.reason, e.version, e.updatedAt,
                e.updatedBy);
    }
}
