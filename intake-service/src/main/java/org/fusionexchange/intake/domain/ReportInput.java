package org.fusionexchange.intake.domain;

import java.math.BigDecimal;
import java.util.List;

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

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Vehicle(String plate, String plateState, String vin, String make, String model, String color) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Phone(String number) {
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
