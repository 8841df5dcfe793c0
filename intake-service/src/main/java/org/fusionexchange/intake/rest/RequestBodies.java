package org.fusionexchange.intake.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads request bodies and identifiers the way this API promises: a body over its limit is a 413, unreadable JSON
 * or a wrong type a 400 (both as problems, by {@link ProblemMapper}); a malformed id is simply not found.
 */
@ApplicationScoped
public class RequestBodies {

    /** The largest single report (or amendment, or retraction) body. */
    public static final int MAX_REPORT_BYTES = 256 * 1024;
    /** The largest batch body; also quarkus.http.limits.max-body-size. */
    public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
    /** The longest If-Match read: longer can name no version of ours, and is malformed. */
    public static final int MAX_IF_MATCH = 64;
    /** The most reports in one batch. */
    public static final int MAX_BATCH_ITEMS = 1_000;

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final ObjectMapper json;

    /** Reads one item of an array, as a tree, from where the parser stands: the array goes on after it. */
    private final ObjectReader itemTrees;

    public RequestBodies(ObjectMapper json) {
        this.json = json;
        this.itemTrees = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** One JSON document of the given type, from a body of at most {@link #MAX_REPORT_BYTES}. */
    public <T> T read(byte[] body, Class<T> type) throws IOException {
        requireAtMost(body, MAX_REPORT_BYTES);
        return json.readValue(body, type);
    }

    /**
     * One item of a batch: read as the type asked for ({@code value}, null for a JSON null), or not readable as it
     * ({@code failure}, its path relative to the item); {@code sent} is the item as sent, kept only when it could not
     * be read.
     */
    public record BatchItem<T>(T value, JsonNode sent, JsonProcessingException failure) {
    }

    /**
     * A batch: a JSON array of at most {@link #MAX_BATCH_ITEMS} items, each read alone as {@code type}. The array is
     * walked once by the tokenizer and each object item is read straight from its bytes, without a tree of the
     * whole batch in between (which was a fifth of intake-service's CPU in batches: deploy/bench/README.md, session
     * 29). An item that is not an object, or cannot be read, is kept as a tree for the answer and the
     * Idempotency-Key's fingerprint. A body that is not one well-formed array is read whole once more, as before, so
     * that it is refused exactly as before (400, or 413 past the item limit).
     */
    public <T> List<BatchItem<T>> readBatch(byte[] body, Class<T> type) throws IOException {
        requireAtMost(body, MAX_BATCH_BYTES);
        List<BatchItem<T>> items = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return notAnArray(body);
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (items.size() == MAX_BATCH_ITEMS) {
                    return notAnArray(body);
                }
                if (token == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentTokenLocation().getByteOffset() + 1; // after its '}'
                    items.add(item(body, start, end - start, type));
                } else {
                    items.add(item(itemTrees.readTree(parser), type));
                }
            }
            if (parser.nextToken() != null) {
                return notAnArray(body); // something after the array
            }
        }
        return items;
    }

    private <T> BatchItem<T> item(byte[] body, int offset, int length, Class<T> type) throws IOException {
        try {
            return new BatchItem<>(json.readValue(body, offset, length, type), null, null);
        } catch (JsonProcessingException e) {
            return new BatchItem<>(null, json.readTree(body, offset, length), e);
        }
    }

    private <T> BatchItem<T> item(JsonNode sent, Class<T> type) {
        try {
            T value = json.treeToValue(sent, type);
            return new BatchItem<>(value, value == null ? sent : null, null);
        } catch (JsonProcessingException e) {
            return new BatchItem<>(null, sent, e);
        }
    }

    /** A body that is not one array of at most the limit's items, read whole: its 400 or 413. */
    private <T> List<BatchItem<T>> notAnArray(byte[] body) throws IOException {
        JsonNode tree = json.readTree(body);
        if (tree == null || !tree.isArray()) {
            throw new ProblemException(Problem.of("malformed-body", "Malformed request body", 400,
                    "A batch is a JSON array of reports.")
                    .withErrors(List.of(new Problem.FieldError("", "must be an array"))));
        }
        if (tree.size() > MAX_BATCH_ITEMS) {
            throw tooLarge("A batch holds at most " + MAX_BATCH_ITEMS + " reports; this one has " + tree.size() + ".");
        }
        throw new IllegalStateException("A batch read whole is an array of at most " + MAX_BATCH_ITEMS
                + " items, but could not be walked");
    }

    /** A report id from the path; anything that is not a UUID names no report of the caller. */
    public static UUID reportId(String text) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw new ProblemException(Problem.of("not-found", "Not Found", 404, "No such report of your agency."));
        }
        return UUID.fromString(text);
    }

    /** The Idempotency-Key header, if any: 1 to 128 visible ASCII characters. */
    public static String idempotencyKey(String header) {
        if (header != null && !IDEMPOTENCY_KEY.matcher(header).matches()) {
            throw new ProblemException(Problem.of("invalid-header", "Invalid request", 400,
                    "The Idempotency-Key must be 1 to 128 visible ASCII characters.")
                    .withErrors(List.of(new Problem.FieldError("Idempotency-Key", "must be 1 to 128 visible ASCII characters"))));
        }
        return header;
    }

    /**
     * The version an If-Match names: null for {@code *}; a tag that can name no version of ours fails the
     * precondition.
     */
    public static Integer expectedVersion(String ifMatch) {
        if (ifMatch.length() > MAX_IF_MATCH) {
            throw new ProblemException(Problem.of("invalid-header", "Invalid request", 400,
                    "If-Match must be at most " + MAX_IF_MATCH + " characters.")
                    .withErrors(List.of(new Problem.FieldError("If-Match", "must be at most " + MAX_IF_MATCH
                            + " characters"))));
        }
        String tag = ifMatch.trim();
        if (tag.equals("*")) {
            return null;
        }
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.matches("[1-9][0-9]{0,8}")) {
            throw new ProblemException(Problem.of("stale-version", "Precondition Failed", 412,
                    "If-Match must name a current version of the report, as its ETag does."));
        }
        return Integer.valueOf(tag);
    }

    static ProblemException tooLarge(String detail) {
        return new ProblemException(Problem.of("payload-too-large", "Payload Too Large", 413, detail));
    }

    private static void requireAtMost(byte[] body, int max) {
        if (body != null && body.length > max) {
            throw tooLarge("The body has " + body.length + " bytes; at most " + max + " are accepted here.");
        }
    }
}
