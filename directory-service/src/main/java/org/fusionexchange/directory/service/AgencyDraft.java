package org.fusionexchange.directory.service;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.directory.service.Agency.Contact;

/**
 * What an administrator sends to create or replace an agency. Status, times and version are the directory's to
 * set, so a GET's body can be sent back as it is.
 */
@Schema(description = "An agency as an administrator sends it; a GET's body may be sent back as it is (its status, "
        + "times and version are ignored)")
public record AgencyDraft(
        @Schema(required = true, pattern = AgencyRules.CODE_PATTERN, maxLength = 32, example = "TAMPA-PD")
        String code,
        @Schema(required = true, maxLength = AgencyRules.MAX_NAME, pattern = AgencyRules.PLAIN_TEXT_PATTERN,
                description = "Not blank", example = "Tampa Police Department")
        String name,
        @Schema(required = true) AgencyKind kind,
        @Schema(required = true, pattern = JurisdictionCode.COUNTRY_PATTERN, maxLength = 2,
                description = "ISO 3166-1 alpha-2", example = "US")
        String country,
        @Schema(required = true, minItems = 1, maxItems = AgencyRules.MAX_LIST) List<String> jurisdictions,
        @Schema(maxItems = AgencyRules.MAX_LIST, description = "Agency codes of the directory; a TASK_FORCE's only, "
                + "and it must have some")
        List<String> members,
        @Schema(maxItems = 5, description = "Report types; a TASK_FORCE's only, and it must have some")
        List<ReportType> focus,
        Contact contact,
        @Schema(nullable = true, description = "The agency's request quota in every service's /api; null or absent: "
                + "each service's default")
        Quota quota) {

    /** An agency without a quota of its own: each service's default applies. */
    public AgencyDraft(String code, String name, AgencyKind kind, String country, List<String> jurisdictions,
            List<String> members, List<ReportType> focus, Contact contact) {
        this(code, name, kind, country, jurisdictions, members, focus, contact, null);
    }
}
