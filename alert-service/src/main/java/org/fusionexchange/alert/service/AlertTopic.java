package org.fusionexchange.alert.service;

import java.util.Arrays;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an analyst subscribes to: alerts grouped by the report type they come from. */
public enum AlertTopic {
    OVERDOSE("overdose", "OVERDOSE", "Overdoses, fatal or not, and naloxone use"),
    DRUG_SEIZURE("drug-seizure", "DRUG_SEIZURE", "Seizures of drugs and precursors"),
    TRAFFICKING("trafficking", "TRAFFICKING", "Trafficking of persons or narcotics"),
    SUSPICIOUS_ACTIVITY("suspicious-activity", "SUSPICIOUS_ACTIVITY", "Suspicious activity reports"),
    OFFICER_SAFETY("officer-safety", "OFFICER_SAFETY", "Threats to officers' safety"),
    /** Found by the exchange, not reported: overdoses in a county over its thresholds. */
    OVERDOSE_SPIKE("overdose-spike", null, "Overdose spikes in a county and its neighbours"),
    /** Found by the exchange: the same phone, vehicle or plate in the agency's report and another agency's. */
    ENTITY_MATCH("entity-match", null, "The same phone, vehicle or plate in another agency's report");

    /** A topic's id, as the API declares it (OpenApiDocumentTest checks the list against the topics). */
    @Schema(name = "TopicId", type = SchemaType.STRING, description = "An alert topic id",
            enumeration = { "overdose", "drug-seizure", "trafficking", "suspicious-activity",
                    "officer-safety", "overdose-spike", "entity-match" })
    public interface Id {
    }

    /** CAP urgency of this topic's alerts: threats to officers call for immediate action. */
    public String urgency() {
        return this == OFFICER_SAFETY ? "Immediate" : "Expected";
    }

    private final String id;
    private final String reportType;
    private final String description;

    AlertTopic(String id, String reportType, String description) {
        this.id = id;
        this.reportType = reportType;
        this.description = description;
    }

    public String id() {
        return id;
    }

    /** The report type whose reports give this topic's alerts; null for what the exchange finds itself. */
    public String reportType() {
        return reportType;
    }

    public String description() {
        return description;
    }

    public static Optional<AlertTopic> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static Optional<AlertTopic> forReportType(String reportType) {
        return Arrays.stream(values()).filter(t -> t.reportType != null && t.reportType.equals(reportType)).findFirst();
    }
}
