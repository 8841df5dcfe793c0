package org.fusionexchange.intake.domain;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * The value of a case-reports message. {@code report} is the snapshot already serialized once for storage, so the
 * hot path does not serialize the report twice.
 */
public record ReportEvent(UUID eventId, EventType type, UUID reportId, int version, String agency, Instant time,
        @JsonRawValue String report) {
}
