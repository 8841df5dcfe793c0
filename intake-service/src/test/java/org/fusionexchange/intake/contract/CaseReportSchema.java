package org.fusionexchange.intake.contract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The case-reports contract on disk: its JSON Schema, its example messages, and the header rules of its README. */
public final class CaseReportSchema {

    public static final Path CONTRACT = Path.of("contracts/case-reports");
    private static final JsonSchema SCHEMA = load();

    private CaseReportSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = Files.newInputStream(CONTRACT.resolve("case-report-event.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is wrong with a message value; empty when it follows the schema. */
    public static List<String> violations(JsonNode value) {
        return SCHEMA.validate(value).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** W3C Trace Context, version 00: the optional traceparent header of a traced event. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** What is wrong with a message's key and headers, given its value. */
    public static List<String> headerViolations(String key, Map<String, String> headers, JsonNode value) {
        Map<String, String> expected = Map.of(
                "ce_specversion", "1.0",
                "ce_id", value.path("eventId").asText(),
                "ce_type", "org.fusionexchange.intake." + value.path("type").asText(),
                "ce_source", "/intake-service",
                "ce_time", value.path("time").asText(),
                "ce_subject", value.path("reportId").asText(),
                "content-type", "application/json");
        Stream<String> headerErrors = expected.entrySet().stream()
                .filter(e -> !e.getValue().equals(headers.get(e.getKey())))
                .map(e -> e.getKey() + " is " + headers.get(e.getKey()) + ", expected " + e.getValue());
        Stream<String> keyErrors = key.equals(value.path("reportId").asText()) ? Stream.empty()
                : Stream.of("key " + key + " is not the reportId");
        String traceparent = headers.get("traceparent");
        Stream<String> traceErrors = traceparent == null || TRACEPARENT.matcher(traceparent).matches()
                ? Stream.empty() : Stream.of("traceparent " + traceparent + " is not W3C Trace Context");
        return Stream.concat(Stream.concat(headerErrors, keyErrors), traceErrors).toList();
    }

    public static List<Path> examples() {
        try (Stream<Path> files = Files.list(CONTRACT.resolve("examples"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
