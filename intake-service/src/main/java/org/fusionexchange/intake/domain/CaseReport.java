package org.fusionexchange.intake.domain;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.intake.domain.ReportInput.Entities;
import org.fusionexchange.intake.domain.ReportInput.Location;
import org.fusionexchange.intake.domain.ReportInput.Marking;
import org.fusionexchange.intake.domain.ReportInput.Overdose;
import org.fusionexchange.intake.domain.ReportInput.Retraction;
import org.fusionexchange.intake.service.ReportValidator;

/**
 * A report as of one version: what GET answers, what is stored per version, and the {@code report} of every
 * event on case-reports (contracts/case-reports). Defaults are applied: no marking is TLP:AMBER, no severity is
 * Unknown, absent entity lists are empty.
 */
public record CaseReport(UUID id,
        @Schema(minimum = "1", maximum = "2147483647") int version,
        @Schema(description = "The originating agency: the submitting token's.",
                pattern = "^(?:" + ReportValidator.AGENCY_CODE_RULE + ")$", maxLength = 32, example = "TAMPA-PD")
        String agency,
        ReportStatus status, Instant receivedAt, Instant updatedAt,
        @Schema(maxLength = ReportValidator.MAX_EXTERNAL_REF, pattern = ReportValidator.ONE_LINE_TEXT) String externalRef,
        ReportType type, Instant occurredAt,
        @Schema(pattern = "^(?:" + ReportValidator.JURISDICTION_RULE + ")$", maxLength = 16) String jurisdiction,
        Location location,
        @Schema(maxLength = ReportValidator.MAX_HEADLINE, pattern = ReportValidator.ONE_LINE_TEXT) String headline,
        @Schema(maxLength = ReportValidator.MAX_NARRATIVE, pattern = ReportValidator.MULTI_LINE_TEXT) String narrative,
        Entities entities, Overdose overdose, Severity severity, Marking marking, Retraction retraction) {

    /** The next version with new content, as an amendment makes it. */
    public CaseReport amendedBy(CaseReport content, Instant at) {
        return new CaseReport(id, version + 1, agency, status, receivedAt, at, content.externalRef, content.type,
                content.occurredAt, content.jurisdiction, content.location, content.headline, content.narrative,
                content.entities, content.overdose, content.severity, content.marking, null);
    }

    /** The next version, retracted for the given reason. */
    public CaseReport retracted(String reason, Instant at) {
        return new CaseReport(id, version + 1, agency, ReportStatus.RETRACTED, receivedAt, at, externalRef, type,
                occurredAt, jurisdiction, location, headline, narrative, entities, overdose, severity, marking,
                new Retraction(reason));
    }
}
