package org.fusionexchange.intake.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.intake.config.StrictJson;
import org.fusionexchange.intake.domain.CaseReport;
import org.fusionexchange.intake.domain.EventType;
import org.fusionexchange.intake.domain.InstantText;
import org.fusionexchange.intake.domain.IsoInstant;
import org.fusionexchange.intake.domain.ReportEvent;
import org.fusionexchange.intake.domain.ReportInput;
import org.fusionexchange.intake.domain.ReportInput.Entities;
import org.fusionexchange.intake.domain.ReportInput.Marking;
import org.fusionexchange.intake.domain.ReportStatus;
import org.fusionexchange.intake.domain.Severity;
import org.fusionexchange.intake.domain.Tlp;
import org.fusionexchange.intake.repository.CaseReportEntity;
import org.fusionexchange.intake.repository.NewReportRows;
import org.fusionexchange.intake.repository.OutboxRepository.Unpublished;
import org.fusionexchange.intake.repository.ReportVersionEntity;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one place where a report changes form: API input, snapshot, rows, and the case-reports message. */
@ApplicationScoped
public class ReportMapper {

    public static final String SOURCE = "/intake-service";
    private static final Entities NO_ENTITIES = new Entities(List.of(), List.of(), List.of(), List.of());
    private static final Marking DEFAULT_MARKING = new Marking(Tlp.AMBER, List.of());

    private final ObjectMapper json;
    /** Reads a stored body into a tree whose numbers are written back as they were (2.50 stays 2.50). */
    private final ObjectReader exactTree;
    /**
     * Writes a whole event whose report has entities to normalise, the normalised forms included
     * ({@link NormalisedEntities#eventValue}).
     */
    private final ObjectWriter eventValueWriter;

    public ReportMapper(ObjectMapper json) {
        this.json = json;
        this.exactTree = StrictJson.exactTreeReader(json);
        this.eventValueWriter = NormalisedEntities.eventValueWriter(json);
    }

    /** Version 1 of a new report from validated input, with the defaults applied. */
    public CaseReport newReport(UUID id, String agency, ReportInput input, Instant now) {
        Entities entities = input.entities() == null ? NO_ENTITIES
                : new Entities(orEmpty(input.entities().persons()), orEmpty(input.entities().vehicles()),
                        orEmpty(input.entities().phones()), orEmpty(input.entities().substances()));
        Marking marking = input.marking() == null ? DEFAULT_MARKING
                : new Marking(input.marking().tlp() == null ? Tlp.AMBER : input.marking().tlp(),
                        input.marking().recipients() == null ? List.of()
                                : input.marking().recipients().stream().distinct().toList());
        return new CaseReport(id, 1, agency, ReportStatus.ACTIVE, now, now, input.externalRef(), input.type(),
                InstantText.parse(input.occurredAt()), input.jurisdiction(), input.location(), input.headline(),
                input.narrative() == null ? "" : input.narrative(), entities, input.overdose(),
                input.severity() == null ? Severity.UNKNOWN : input.severity(), marking, null);
    }

    public String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** A version's stored body, read back. */
    public CaseReport snapshot(String body) {
        return fromJson(body, CaseReport.class);
    }

    /** Reads JSON this service wrote itself; unreadable means a bug or a damaged row, not bad input. */
    public <T> T fromJson(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored " + type.getSimpleName() + " is unreadable", e);
        }
    }

    /** A new report's rows: the report and its first version (event {@code eventId}, {@code body}). */
    public NewReportRows.Row newRow(CaseReport report, UUID eventId, String body) {
        return new NewReportRows.Row(report.id(), report.agency(), report.externalRef(), report.type().name(),
                report.version(), report.status().name(), report.receivedAt(), report.updatedAt(), eventId,
                EventType.ReportSubmitted.name(), body);
    }

    public void update(CaseReportEntity entity, CaseReport report) {
        entity.externalRef = report.externalRef();
        entity.type = report.type().name();
        entity.version = report.version();
        entity.status = report.status().name();
        entity.updatedAt = report.updatedAt();
    }

    public ReportVersionEntity version(UUID eventId, EventType type, CaseReport report, String body) {
        ReportVersionEntity version = new ReportVersionEntity();
        version.eventId = eventId;
        version.reportId = report.id();
        version.version = report.version();
        version.eventType = type.name();
        version.createdAt = report.updatedAt();
        version.body = body;
        return version;
    }

    /**
     * The case-reports message of a stored version, with its CloudEvents headers (binary mode), keyed by report id
     * so that a report's versions keep their order on one partition. The same version always gives the same record.
     */
    public ProducerRecord<String, byte[]> record(String topic, Unpublished event) {
        return record(topic, event.eventId(), EventType.valueOf(event.eventType()), event.reportId(),
                event.version(), event.agency(), event.createdAt(), eventReport(event.body()));
    }

    /**
     * The same record, built from what the request that writes the version holds (the relay is handed it after the
     * commit), without parsing its stored {@code body}: a report with neither phones nor vehicles has nothing to add
     * and its event's report is that body; another is written inside the event with its normalised entities. Either
     * way the value is written in one pass into bytes, the same bytes as the relay's read-back of the stored version
     * gives ({@code EventReportTest}). {@code report.updatedAt()} must already be at the database's precision
     * (microseconds), as it is read back.
     */
    public ProducerRecord<String, byte[]> record(String topic, UUID eventId, EventType type, CaseReport report,
            String body) {
        try {
            byte[] value = hasNothingToNormalise(report)
                    ? json.writeValueAsBytes(new ReportEvent(eventId, type, report.id(), report.version(),
                            report.agency(), report.updatedAt(), body))
                    : NormalisedEntities.eventValue(eventValueWriter, eventId, type, report);
            return record(topic, eventId, type, report.id(), report.updatedAt(), value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize report " + report.id(), e);
        }
    }

    /** The record of a stored version, from its event id, kind and so on, and its event's {@code report} as text. */
    ProducerRecord<String, byte[]> record(String topic, UUID eventId, EventType type, UUID reportId, int version,
            String agency, Instant createdAt, String eventReport) {
        try {
            return record(topic, eventId, type, reportId, createdAt, json.writeValueAsBytes(
                    new ReportEvent(eventId, type, reportId, version, agency, createdAt, eventReport)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize the event of report " + reportId, e);
        }
    }

    /** The record of an event whose value is written: keyed by report id, with its CloudEvents headers. */
    private static ProducerRecord<String, byte[]> record(String topic, UUID eventId, EventType type, UUID reportId,
            Instant time, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, reportId.toString(), value);
        Headers headers = record.headers();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", eventId.toString());
        header(headers, "ce_type", type.cloudEventType());
        header(headers, "ce_source", SOURCE);
        header(headers, "ce_time", IsoInstant.format(time));
        header(headers, "ce_subject", record.key());
        header(headers, "content-type", "application/json");
        return record;
    }

    private static void header(Headers headers, String name, String text) {
        headers.add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The event's {@code report} of a stored version, read back: the stored snapshot with the normalised entities
     * beside what was written ({@link NormalisedEntities}). A snapshot with neither phones nor vehicles, as this
     * service writes it, has nothing to add and is sent as stored, without being parsed.
     */
    public String eventReport(String body) {
        if (body.contains("\"phones\":[]") && body.contains("\"vehicles\":[]")) {
            return body;
        }
        try {
            JsonNode report = exactTree.readValue(body);
            if (!(report instanceof ObjectNode object)) {
                throw new IllegalStateException("Stored report is not an object");
            }
            NormalisedEntities.addTo(object);
            return json.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored CaseReport is unreadable", e);
        }
    }

    /** Neither phones nor vehicles: the event's report is the stored body. */
    private static boolean hasNothingToNormalise(CaseReport report) {
        Entities entities = report.entities();
        return entities == null || (isEmpty(entities.phones()) && isEmpty(entities.vehicles()));
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
