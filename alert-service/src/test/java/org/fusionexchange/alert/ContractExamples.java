package org.fusionexchange.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The example messages of the wire contracts, read from disk as {@code {"key", "headers", "value"}}, and turned
 * into Kafka records honouring key, headers and value.
 */
public final class ContractExamples {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Path CASE_REPORTS = Path.of("../intake-service/contracts/case-reports/examples");
    public static final Path AGENCIES = Path.of("../directory-service/contracts/directory.agencies/examples");
    public static final Path ALERTS = Path.of("contracts/alerts/examples");

    private ContractExamples() {
    }

    public static ObjectNode read(Path file) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A case-reports example, moved to another report id and given a fresh event id, all else unchanged. */
    public static ObjectNode caseReport(String file, UUID reportId) {
        ObjectNode message = read(CASE_REPORTS.resolve(file));
        String id = reportId.toString();
        String eventId = UUID.randomUUID().toString();
        message.put("key", id);
        ObjectNode headers = (ObjectNode) message.get("headers");
        headers.put("ce_subject", id);
        headers.put("ce_id", eventId);
        ObjectNode value = (ObjectNode) message.get("value");
        value.put("reportId", id);
        value.put("eventId", eventId);
        ((ObjectNode) value.get("report")).put("id", id);
        return message;
    }

    public static ProducerRecord<String, byte[]> record(String topic, JsonNode message) {
        RecordHeaders headers = new RecordHeaders();
        Iterator<Map.Entry<String, JsonNode>> fields = message.get("headers").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> header = fields.next();
            headers.add(header.getKey(), header.getValue().asText().getBytes(StandardCharsets.UTF_8));
        }
        try {
            return new ProducerRecord<>(topic, null, message.get("key").asText(),
                    JSON.writeValueAsBytes(message.get("value")), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
