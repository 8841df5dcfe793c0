package org.fusionexchange.intake.domain;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an accepted change: which report, which version now, its status, when it was first received. */
public record Receipt(UUID id, @Schema(minimum = "1", maximum = "2147483647") int version, ReportStatus status,
        Instant receivedAt) {

    public static Receipt of(CaseReport report) {
        return new Receipt(report.id(), report.version(), report.status(), report.receivedAt());
    }
}
