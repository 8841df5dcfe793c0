package org.fusionexchange.intake.domain;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A report as an agency submits or amends it. Unknown fields are ignored, among them {@code agency}, {@code id}
 * and {@code version}: the originating agency is the token's, and identity and version are the service's.
 * Dates are kept as text so that an unparseable one is a rule violation with its pointer, not a parse failure.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportInput(String externalRef, ReportType type, String occurredAt, String jurisdiction,
        Location location, String headline, String narrative, Entities entities, Overdose overdose,
        Severity severity, Marking marking) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Location(Double lat, Double lon) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entities(List<Person> persons, List<Vehicle> vehicles, List<Phone> phones,
            List<Substance> substances) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Person(String name, String dateOfBirth, String role) {
    }

    /** A vehicle: a plate with its issuing state, or a VIN, kept as written (the event adds their normal forms). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Vehicle(
            @Schema(description = "The plate as written: 1 to 15 letters, digits, spaces, dashes or dots, beginning "
                    + "with a letter or digit, either case. Required with plateState. Compared upper case without "
                    + "spaces, dashes or dots (abc-123 is ABC123).", example = "abc-123", maxLength = 15)
            String plate,
            @Schema(description = "The issuing state or country code, FL or US-FL, either case, spaces around "
                    + "allowed. Required with a plate. Compared upper case and trimmed.", example = "FL")
            String plateState,
            @Schema(description = "The VIN as written, either case: 17 letters and digits without I, O or Q, or 11 "
                    + "to 16 letters and digits (before 1981). A North American VIN (17 characters, first 1 to 5) "
                    + "with a wrong check digit is accepted and flagged INVALID on the case-reports event.",
                    example = "1hgcm82633a004352", minLength = 11, maxLength = 17)
            String vin,
            @Schema(maxLength = 64) String make,
            @Schema(maxLength = 64) String model,
            @Schema(maxLength = 64) String color) {
    }

    /** A phone number, kept as written (the event adds its E.164 form). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Phone(
            @Schema(description = "The number as officers write it, national or international, at most 40 "
                    + "characters: (813) 555-0147, 813-555-0147, +1 813-555-0147, +593 2 123 4567. A national number "
                    + "is read in the country of the report's jurisdiction (US-FL-12057 gives US, EC gives EC). "
                    + "Refused (422) when libphonenumber cannot read it as a possible full number, area code "
                    + "included. The case-reports event adds its E.164 form (e164) beside it.",
                    example = "(813) 555-0147", maxLength = 40)
            String number) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Substance(String name, BigDecimal quantity, SubstanceUnit unit, SubstanceForm form) {
    }

    /** The ODMAP outcome of an overdose. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Overdose(Boolean fatal, Boolean naloxoneAdministered) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Marking(Tlp tlp, List<String> recipients) {
    }

    /** A retraction: why the agency withdraws the report. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Retraction(String reason) {
    }
}
