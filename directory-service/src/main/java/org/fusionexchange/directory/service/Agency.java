package org.fusionexchange.directory.service;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.directory.repository.AgencyEntity;

/** An agency as the directory shows it. */
public record Agency(
        @Schema(required = true, pattern = AgencyRules.CODE_PATTERN, maxLength = 32, example = "TAMPA-PD")
        String code,
        @Schema(required = true, maxLength = AgencyRules.MAX_NAME, pattern = AgencyRules.PLAIN_TEXT_PATTERN,
                example = "Tampa Police Department")
        String name,
        @Schema(required = true) AgencyKind kind,
        @Schema(required = true, pattern = JurisdictionCode.COUNTRY_PATTERN, maxLength = 2, example = "US")
        String country,
        @Schema(required = true, maxItems = AgencyRules.MAX_LIST) List<String> jurisdictions,
        @Schema(required = true, maxItems = AgencyRules.MAX_LIST) List<String> members,
        @Schema(required = true, maxItems = 5) List<ReportType> focus,
        @Schema(required = true) Contact contact,
        @Schema(required = true) AgencyStatus status,
        @Schema(required = true, nullable = true) Quota quota,
        @Schema(required = true, maxLength = 30, format = "date-time") Instant createdAt,
        @Schema(required = true, maxLength = 30, format = "date-time") Instant updatedAt,
        @Schema(required = true, minimum = "1", maximum = "9223372036854775807") long version) {

    /** How to reach the agency; either part may be missing. Phone in E.164. */
    public record Contact(
            @Schema(format = "email", maxLength = AgencyRules.MAX_EMAIL, nullable = true,
                    example = "intel@tampa-pd.example.org")
            String email,
            @Schema(pattern = AgencyRules.E164_PATTERN, maxLength = 16, nullable = true, example = "+18135550100")
            String phone) {
    }

    static Agency from(AgencyEntity e) {
        return new Agency(e.code, e.name, e.kind, e.country, List.copyOf(e.jurisdictions), List.copyOf(e.members),
                List.copyOf(e.focus), new Contact(e.contactEmail, e.contactPhone), e.status,
                e.quotaRequestsPerSecond == null ? null : new Quota(e.quotaRequestsPerSecond, e.quotaBurst),
                e.createdAt, e.updatedAt, e.version);
    }
}
