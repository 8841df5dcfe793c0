package org.fusionexchange.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import org.fusionexchange.directory.TopicReader.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The example messages of this service's topic contracts (contracts/&lt;topic&gt;/examples, each
 * {@code {"key", "headers", "value"}}), which the consumers' tests read: the producer's tests check that what it
 * publishes looks like them.
 */
public final class ContractExamples {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractExamples() {
    }

    /** An example of the topic's contract, e.g. example("directory.counties", "hillsborough-override.json"). */
    public static JsonNode example(String topic, String file) {
        try {
            return JSON.readTree(Files.readString(Path.of("contracts", topic, "examples", file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same field names and JSON types as the example's value, and the same headers: the CloudEvents constants
     * equal, ce_subject the key, ce_id a UUID, ce_time an instant. keyField is the value's field that is the key.
     * With strictNulls, a field is null exactly where the example's is; without, a null on either side matches
     * anything (an optional field), and arrays' first items are compared too.
     */
    public static void assertSameShape(JsonNode example, Message message, String keyField, boolean strictNulls) {
        assertEquals(example.path("key").asText().isEmpty(), message.key().isEmpty());
        assertEquals(message.value().path(keyField).asText(), message.key());
        assertSameFields(example.path("value"), message.value(), "", strictNulls);

        JsonNode headers = example.path("headers");
        assertEquals(names(headers), new TreeSet<>(message.headers().keySet()));
        for (String constant : List.of("ce_specversion", "ce_type", "ce_source", "content-type")) {
            assertEquals(headers.path(constant).asText(), message.headers().get(constant), constant);
        }
        assertEquals(message.key(), message.headers().get("ce_subject"));
        UUID.fromString(message.headers().get("ce_id"));
        Instant.parse(message.headers().get("ce_time"));
        Instant.parse(message.value().path("updatedAt").asText());
    }

    private static void assertSameFields(JsonNode example, JsonNode actual, String at, boolean strictNulls) {
        assertEquals(names(example), names(actual), "fields at " + (at.isEmpty() ? "/" : at));
        for (Iterator<String> it = example.fieldNames(); it.hasNext();) {
            String field = it.next();
            JsonNode want = example.get(field);
            JsonNode got = actual.get(field);
            if (want.isObject() && got.isObject()) {
                assertSameFields(want, got, at + "/" + field, strictNulls);
            } else if (strictNulls || (!want.isNull() && !got.isNull())) {
                assertEquals(want.getNodeType(), got.getNodeType(), "type of " + at + "/" + field);
                if (!strictNulls && want.isArray() && want.size() > 0 && got.size() > 0) {
                    assertEquals(want.get(0).getNodeType(), got.get(0).getNodeType(), "items of " + at + "/" + field);
                }
            }
        }
    }

    private static TreeSet<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new TreeSet<>(names);
    }
}
