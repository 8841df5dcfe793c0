package org.fusionexchange.alert.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.fusionexchange.alert.service.AlertTopic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A value of the {@code case-reports} topic (intake-service/contracts/case-reports). Only the fields routing, alerts,
 * spike counts and entity matches use are read: the narrative, persons and substances never are, and of phones and
 * vehicles only the normalised forms and how the agency wrote them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaseReportEvent(UUID eventId, String type, UUID reportId, int version, String agency, Instant time,
        Report report) {

    public static final String RETRACTED = "ReportRetracted";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Report(String status, String type, Instant occurredAt, String jurisdiction, Location location,
            String headline, String severity, Marking marking, Overdose overdose, Entities entities) {

        /** Without entities: for the tests and readers that have none. */
        public Report(String status, String type, Instant occurredAt, String jurisdiction, Location location,
                String headline, String severity, Marking marking, Overdose overdose) {
            this(status, type, occurredAt, jurisdiction, location, headline, severity, marking, overdose, null);
        }
    }

    /** The values entity matches compare: phones and vehicles, with their normalised forms. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entities(List<Phone> phones, List<Vehicle> vehicles) {
        public Entities {
            phones = phones == null ? List.of() : phones;
            vehicles = vehicles == null ? List.of() : vehicles;
        }
    }

    /** A phone as written, and in E.164 (null when intake could not read it as a possible number). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Phone(String number, String e164) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Vehicle(String plate, String plateState, String vin, Normalized normalized) {
    }

    /** A vehicle's plate (upper case, no separators), its state as written upper-cased, its VIN and check. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Normalized(String plate, String plateState, String vin, String vinCheck) {
    }

    /** ODMAP's outcome fields of an overdose report. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Overdose(boolean fatal, boolean naloxoneAdministered) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Location(Double lat, Double lon) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Marking(String tlp, List<String> recipients) {
    }

    public boolean retracted() {
        return RETRACTED.equals(type) || "RETRACTED".equals(report.status());
    }

    /** What is missing for this event to be processed, or null when it is complete. */
    public String defect() {
        if (eventId == null || reportId == null || version < 1 || agency == null || time == null || report == null) {
            return "an envelope field (eventId, reportId, version, agency, time, report) is missing";
        }
        if (report.type() == null || report.jurisdiction() == null || report.headline() == null) {
            return "report.type, report.jurisdiction or report.headline is missing";
        }
        if (AlertTopic.forReportType(report.type()).isEmpty()) {
            return "report.type " + report.type() + " is not a known report type";
        }
        return null;
    }
}
