package org.fusionexchange.alert.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.fusionexchange.alert.repository.AlertEntity;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An alert as the API, the SSE stream and the {@code alerts} topic show it (alert-service/contracts/alerts). CAP 1.2
 * names where they fit; {@code sent} is when the report changed, {@code createdAt} when the alert was made;
 * {@code seq} is the recipient's own number. A Cancel carries identifiers, {@code references} and its
 * {@code cancelReason} only: every content field is absent on it. An alert of a report carries {@code reportId} and
 * {@code reportVersion}; an overdose spike's alert (reason {@code SPIKE}) carries {@code spike} instead, and no
 * report's id or content; an entity match's alert (reason {@code ENTITY_MATCH}) carries {@code match} instead, with
 * only what the other report's marking lets its recipient see.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Alert(UUID id,
        @Schema(description = "The recipient's own number of this alert: 1, 2, 3, ... without gaps; the SSE event id",
                minimum = "1", maximum = MAX_LONG) long seq,
        @Schema(maxLength = DirectoryAgency.CODE_MAX_LENGTH, pattern = DirectoryAgency.CODE_PATTERN) String recipient,
        Reason reason, CancelReason cancelReason, UUID reportId,
        @Schema(minimum = "1", maximum = MAX_INT) Integer reportVersion,
        @Schema(description = "This recipient's earlier alerts of the report (Update, Cancel), oldest first",
                type = SchemaType.ARRAY, maxItems = Integer.MAX_VALUE, implementation = UUID.class)
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<UUID> references,
        @Schema(maxLength = DirectoryAgency.CODE_MAX_LENGTH, pattern = DirectoryAgency.CODE_PATTERN) String originator,
        @Schema(implementation = AlertTopic.Id.class) String topic,
        @Schema(description = "CAP status", enumeration = { "Actual", "Exercise", "Test" }) String status,
        MsgType msgType,
        @Schema(description = "CAP urgency", enumeration = { "Immediate", "Expected", "Future", "Past", "Unknown" })
        String urgency,
        Severity severity,
        @Schema(description = "CAP certainty", enumeration = { "Observed", "Likely", "Possible", "Unlikely",
                "Unknown" }) String certainty,
        @Schema(maxLength = 200) String headline, Area area, Marking marking, Spike spike, Match match, Instant sent,
        Instant createdAt, Acknowledgement acknowledgement) {

    /** The bounds of the API's integers, as OpenAPI declares them. */
    public static final String MAX_LONG = "9223372036854775807";
    public static final String MAX_INT = "2147483647";

    /**
     * An overdose spike in a county: its id and version (each Alert or Update of the spike is a new version), its
     * county and the county's neighbours, and per window the one with the highest count. A Cancel's spike carries its
     * id and version only.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Spike(UUID id, @Schema(minimum = "1", maximum = MAX_INT) int version,
            @Schema(maxLength = JurisdictionCode.MAX_LENGTH, pattern = JurisdictionCode.PATTERN) String county,
            @Schema(type = SchemaType.ARRAY, maxItems = 64, implementation = JurisdictionCode.class)
            List<String> neighbours,
            @Schema(maxItems = 3) List<Window> windows) {
        public Spike {
            neighbours = neighbours == null ? List.of() : List.copyOf(neighbours);
            windows = windows == null ? List.of() : List.copyOf(windows);
        }
    }

    /**
     * One side of a cross-agency entity match: its id and version (each Alert or Update of the match is a new
     * version), the value both reports contained (kind, normalised value, the plate's issuing subdivision, a VIN's
     * check), how the recipient's own report wrote it, and the recipient's own report. {@code contactOriginator} is
     * true when the other report is TLP:AMBER+STRICT: its agency (the alert's originator) is all the recipient
     * learns of it, and the alert has no headline of it. A Cancel's match carries its id and version only.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(UUID id, @Schema(minimum = "1", maximum = MAX_INT) int version,
            @Schema(enumeration = { "PHONE", "VIN", "PLATE" }) String kind,
            @Schema(description = "The normalised value: E.164 phone, upper-case VIN or plate", maxLength = 40,
                    pattern = "^[+]?[A-Z0-9]+$")
            String value,
            @Schema(description = "A plate's issuing state or subdivision", maxLength = 16) String plateState,
            @Schema(enumeration = { "VALID", "INVALID", "UNCHECKED" }) String vinCheck,
            @Schema(description = "The value as the recipient's own report wrote it", maxLength = 40)
            String yourEntity,
            UUID yourReport, Boolean contactOriginator) {
    }

    /**
     * One hopping window's counts: its size (ISO-8601, {@code PT1H}, {@code PT6H}, {@code PT24H}), start and end,
     * overdoses counted (fatal and not), how many had naloxone given, and the county's threshold for this size.
     */
    public record Window(@Schema(enumeration = { "PT1H", "PT6H", "PT24H" }) String size, Instant start, Instant end,
            @Schema(minimum = "0", maximum = MAX_INT) int count, @Schema(minimum = "0", maximum = MAX_INT) int fatal,
            @Schema(minimum = "0", maximum = MAX_INT) int nonFatal,
            @Schema(minimum = "0", maximum = MAX_INT) int naloxone,
            @Schema(minimum = "1", maximum = MAX_INT) int threshold) {
    }

    /** CAP area: the report's jurisdiction code and, when known, its point. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Area(@Schema(maxLength = JurisdictionCode.MAX_LENGTH, pattern = JurisdictionCode.PATTERN)
            String jurisdiction, Point point) {
    }

    public record Point(@Schema(minimum = "-90", maximum = "90") double lat,
            @Schema(minimum = "-180", maximum = "180") double lon) {
    }

    public record Marking(@Schema(description = "TLP 2.0, without its TLP: prefix",
            enumeration = { "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED" }) String tlp) {
    }

    public record Acknowledgement(@Schema(description = "The analyst: the token's subject", maxLength = 255)
            String by, Instant at) {
    }

    public Alert {
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** An alert of a report or a spike: no match. */
    public Alert(UUID id, long seq, String recipient, Reason reason, CancelReason cancelReason, UUID reportId,
            Integer reportVersion, List<UUID> references, String originator, String topic, String status,
            MsgType msgType, String urgency, Severity severity, String certainty, String headline, Area area,
            Marking marking, Spike spike, Instant sent, Instant createdAt, Acknowledgement acknowledgement) {
        this(id, seq, recipient, reason, cancelReason, reportId, reportVersion, references, originator, topic, status,
                msgType, urgency, severity, certainty, headline, area, marking, spike, null, sent, createdAt,
                acknowledgement);
    }

    /** A message with content and no references: a first Alert. */
    public Alert(UUID id, long seq, String recipient, Reason reason, UUID reportId, int reportVersion,
            String originator, String topic, String status, MsgType msgType, String urgency, Severity severity,
            String certainty, String headline, Area area, Marking marking, Instant sent, Instant createdAt,
            Acknowledgement acknowledgement) {
        this(id, seq, recipient, reason, null, reportId, reportVersion, List.of(), originator, topic, status, msgType,
                urgency, severity, certainty, headline, area, marking, null, sent, createdAt, acknowledgement);
    }

    /** An alert of a report, with or without references: no spike. */
    public Alert(UUID id, long seq, String recipient, Reason reason, CancelReason cancelReason, UUID reportId,
            int reportVersion, List<UUID> references, String originator, String topic, String status,
            MsgType msgType, String urgency, Severity severity, String certainty, String headline, Area area,
            Marking marking, Instant sent, Instant createdAt, Acknowledgement acknowledgement) {
        this(id, seq, recipient, reason, cancelReason, reportId, Integer.valueOf(reportVersion), references,
                originator, topic, status, msgType, urgency, severity, certainty, headline, area, marking, null, sent,
                createdAt, acknowledgement);
    }

    /** The alert of an entity, which holds every column but the spike's: for an alert of a report. */
    public static Alert of(AlertEntity e) {
        Point point = e.latitude == null || e.longitude == null ? null : new Point(e.latitude, e.longitude);
        Area area = e.jurisdiction == null ? null : new Area(e.jurisdiction, point);
        Marking marking = e.tlp == null ? null : new Marking(e.tlp);
        Acknowledgement ack = e.acknowledgedAt == null ? null : new Acknowledgement(e.acknowledgedBy, e.acknowledgedAt);
        List<UUID> references = e.references == null ? List.of() : Arrays.asList(e.references);
        return new Alert(e.id, e.seq, e.recipient, e.reason, e.cancelReason, e.reportId, e.reportVersion, references,
                e.originator, e.topic, e.status, e.msgType, e.urgency, e.severity, e.certainty, e.headline, area,
                marking, null, e.sentAt, e.createdAt, ack);
    }

    /** The same alert as published: without the acknowledgement, which is the recipient's own business. */
    public Alert withoutAcknowledgement() {
        return new Alert(id, seq, recipient, reason, cancelReason, reportId, reportVersion, references, originator,
                topic, status, msgType, urgency, severity, certainty, headline, area, marking, spike, match, sent,
                createdAt, null);
    }
}
