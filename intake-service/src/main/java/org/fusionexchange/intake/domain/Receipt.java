package org.fusionexchange.intake.domain;

import java.time.Instant;
import java.util.UUID;

/** The answer to an accepted change: which report, which version now, its status, when it was first received. */
public record Receipt(UUID id, int version, ReportStatus status, Instant receivedAt) {

    public static Receipt of(CaseReport report) {
        return new Receipt(report.id(), report.version(), report.status(), report.receivedAt());
    }
}
