package org.fusionexchange.intake.domain;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.intake.normalize.PhoneNumbers;
import org.fusionexchange.intake.normalize.Plates;
import org.fusionexchange.intake.normalize.Vins;
import org.fusionexchange.intake.service.ReportValidator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A report as an agency submits or amends it. Unknown fields are ignored, among them {@code agency}, {@code id}
 * and {@code version}: the originating agency is the token's, and identity and version are the service's.
 * Dates are kept as text so that an unparseable one is a rule violation with its pointer, not a parse failure.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(description = "A case report as its agency writes it. Text fields hold no control characters (line breaks "
        + "and tabs allowed in the narrative) and no broken Unicode. A body is at most 256 KiB. A wrong JSON type or an "
        + "unknown enum value is a 400; a broken rule a 422 naming each field.",
        requiredProperties = { "externalRef", "type", "occurredAt", "jurisdiction", "headline" })
public record ReportInput(
        @Schema(description = "The agency's own case number.", minLength = 1,
                maxLength = ReportValidator.MAX_EXTERNAL_REF, pattern = ReportValidator.ONE_LINE_TEXT, example = "TPD-2026-118842")
        String externalRef,
        @Schema(example = "DRUG_SEIZURE") ReportType type,
        @Schema(description = "When it happened: an ISO-8601 instant (an offset is converted to UTC), at most 5 "
                + "minutes in the future.", format = "date-time", maxLength = ReportValidator.MAX_PATTERN_TEXT,
                example = "2026-11-28T15:42:00Z")
        String occurredAt,
        @Schema(description = "Jurisdiction code (ISO 3166-1 country, ISO 3166-2 subdivision, or US county with its "
                + "5-digit FIPS code).", pattern = "^(?:" + ReportValidator.JURISDICTION_RULE + ")$",
                maxLength = 16, example = "US-FL-12057")
        String jurisdiction,
        Location location,
        @Schema(minLength = 1, maxLength = ReportValidator.MAX_HEADLINE, pattern = ReportValidator.ONE_LINE_TEXT, example = "Fentanyl overdose, one fatal")
        String headline,
        @Schema(description = "Free text; line breaks and tabs allowed. Absent is stored as \"\".",
                maxLength = ReportValidator.MAX_NARRATIVE, pattern = ReportValidator.MULTI_LINE_TEXT,
                example = "Two kilograms of fentanyl powder found in a vehicle at a traffic stop.")
        String narrative,
        Entities entities,
        @Schema(description = "Required for OVERDOSE, refused for other types.")
        Overdose overdose,
        Severity severity,
        Marking marking) {

    /** A WGS84 point: both coordinates required. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(requiredProperties = { "lat", "lon" })
    public record Location(
            @Schema(minimum = "-90", maximum = "90", example = "27.9506") Double lat,
            @Schema(minimum = "-180", maximum = "180", example = "-82.4572") Double lon) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entities(
            @Schema(maxItems = ReportValidator.MAX_LIST_ENTRIES) List<Person> persons,
            @Schema(maxItems = ReportValidator.MAX_LIST_ENTRIES) List<Vehicle> vehicles,
            @Schema(maxItems = ReportValidator.MAX_LIST_ENTRIES) List<Phone> phones,
            @Schema(maxItems = ReportValidator.MAX_LIST_ENTRIES) List<Substance> substances) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(requiredProperties = "name")
    public record Person(
            @Schema(minLength = 1, maxLength = ReportValidator.MAX_SHORT_TEXT, pattern = ReportValidator.ONE_LINE_TEXT,
                    example = "John Doe") String name,
            @Schema(description = "An ISO-8601 date, not in the future.", format = "date",
                    maxLength = ReportValidator.MAX_PATTERN_TEXT, example = "1990-04-12") String dateOfBirth,
            @Schema(maxLength = ReportValidator.MAX_ROLE, pattern = ReportValidator.ONE_LINE_TEXT, example = "suspect")
            String role) {
    }

    /** A vehicle: a plate with its issuing state, or a VIN, kept as written (the event adds their normal forms). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Vehicle(
            @Schema(description = "The plate as written: 1 to 15 letters, digits, spaces, dashes or dots, beginning "
                    + "with a letter or digit, either case. Required with plateState. Compared upper case without "
                    + "spaces, dashes or dots (abc-123 is ABC123).", example = "abc-123", maxLength = 15,
                    pattern = "^(?:" + Plates.PLATE_RULE + ")$")
            String plate,
            @Schema(description = "The issuing state or country code, FL or US-FL, either case, spaces around "
                    + "allowed. Required with a plate. Compared upper case and trimmed.", example = "FL",
                    maxLength = ReportValidator.MAX_PATTERN_TEXT, pattern = "^(?:" + Plates.STATE_RULE + ")$")
            String plateState,
            @Schema(description = "The VIN as written, either case: 17 letters and digits without I, O or Q, or 11 "
                    + "to 16 letters and digits (before 1981). A North American VIN (17 characters, first 1 to 5) "
                    + "with a wrong check digit is accepted and flagged INVALID on the case-reports event.",
                    example = "1hgcm82633a004352", minLength = 11, maxLength = 17,
                    pattern = "^(?:" + Vins.RULE_TEXT + ")$")
            String vin,
            @Schema(maxLength = ReportValidator.MAX_VEHICLE_TEXT, pattern = ReportValidator.ONE_LINE_TEXT,
                    example = "Toyota") String make,
            @Schema(maxLength = ReportValidator.MAX_VEHICLE_TEXT, pattern = ReportValidator.ONE_LINE_TEXT,
                    example = "Camry") String model,
            @Schema(maxLength = ReportValidator.MAX_VEHICLE_TEXT, pattern = ReportValidator.ONE_LINE_TEXT,
                    example = "silver") String color) {
    }

    /** A phone number, kept as written (the event adds its E.164 form). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(requiredProperties = "number")
    public record Phone(
            @Schema(description = "The number as officers write it, national or international, at most 40 "
                    + "characters: (813) 555-0147, 813-555-0147, +1 813-555-0147, +593 2 123 4567. A national number "
                    + "is read in the country of the report's jurisdiction (US-FL-12057 gives US, EC gives EC). "
                    + "Refused (422) when libphonenumber cannot read it as a possible full number, area code "
                    + "included. The case-reports event adds its E.164 form (e164) beside it.",
                    example = "(813) 555-0147", minLength = 1, maxLength = PhoneNumbers.MAX_LENGTH,
                    pattern = ReportValidator.ONE_LINE_TEXT)
            String number) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(requiredProperties = { "name", "quantity", "unit" })
    public record Substance(
            @Schema(minLength = 1, maxLength = ReportValidator.MAX_SHORT_TEXT, pattern = ReportValidator.ONE_LINE_TEXT,
                    example = "fentanyl") String name,
            @Schema(description = "Positive, at most 10^9, at most 6 decimals.", minimum = "0", exclusiveMinimum = true,
                    maximum = "1000000000", example = "12.5") BigDecimal quantity,
            SubstanceUnit unit,
            SubstanceForm form) {
    }

    /** The ODMAP outcome of an overdose. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(requiredProperties = { "fatal", "naloxoneAdministered" })
    public record Overdose(Boolean fatal, Boolean naloxoneAdministered) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(description = "No marking at all is TLP:AMBER.")
    public record Marking(
            @Schema(description = "Default AMBER.") Tlp tlp,
            @Schema(description = "Agency codes ([A-Z0-9][A-Z0-9-]{1,31}, such as DEA); required and non-empty for "
                    + "RED.", maxItems = ReportValidator.MAX_LIST_ENTRIES)
            List<String> recipients) {
    }

    /** A retraction: why the agency withdraws the report. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(requiredProperties = "reason")
    public record Retraction(
            @Schema(description = "Why; line breaks and tabs allowed.", minLength = 1,
                    maxLength = ReportValidator.MAX_REASON, pattern = ReportValidator.MULTI_LINE_TEXT,
                    example = "Entered for the wrong case.")
            String reason) {
    }
}
