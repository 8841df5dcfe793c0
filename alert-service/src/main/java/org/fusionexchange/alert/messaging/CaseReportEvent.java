package org.fusionexchange.alert.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.fusionexchange.alert.service.AlertTopic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A value of the {@code case-reports} topic (intake-service/contracts/case-reports). Only the fields routing and
 * alerts and spike counts use are read; the narrative and the entities are never read here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaseReportEvent(UUID eventId, String type, UUID reportId, int version, String agency, Instant time,
        Report report) {

    public static final String RETRACTED = "ReportRetracted";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Report(String status, String type, Instant occurredAt, String jurisdiction, Location location,
            String headline, String severity, Marking marking, Overdose overdose) {
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
