package org.fusionexchange.intake.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.intake.config.StrictJson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;

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

    /**
     * Reads a batch whole as a tree with its decimals exact, as binding straight from the text reads them: a
     * {@code quantity} of {@code 2.50} is 2.50 on both of {@link #readBatch}'s paths and in a single report.
     */
    private final ObjectReader exactTree;

    public RequestBodies(ObjectMapper json) {
        this.json = json;
        this.exactTree = StrictJson.exactTreeReader(json);
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
     * read in one pass, each object item bound as the parser reaches it, without a tree of the whole batch in between
     * (reading the tree and then each item from it took a fifth of intake-service's CPU in batches:
     * deploy/bench/README.md, session 29). A batch with an item that is neither an object nor null, or cannot be read
     * as the type, and a body that is not one well-formed array, are read again whole, as a tree, and each item from
     * it, as before: their answers (400 or 413 for the body, per item otherwise) stay what they were. Both paths read
     * decimals exactly, as a single report's body is read (until session 29 a batch's tree read them as doubles:
     * {@code 2.50} was stored as {@code 2.5}, and {@code 1000000000.0000001} passed a bound it breaks).
     */
    public <T> List<BatchItem<T>> readBatch(byte[] body, Class<T> type) throws IOException {
        requireAtMost(body, MAX_BATCH_BYTES);
        // the parser goes on to the next item after each: what follows an item is not "trailing"
        ObjectReader reader = json.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        List<BatchItem<T>> items = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return readWhole(body, type);
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (items.size() == MAX_BATCH_ITEMS) {
                    return readWhole(body, type);
                }
                if (token == JsonToken.VALUE_NULL) {
                    items.add(new BatchItem<>(null, NullNode.getInstance(), null));
                } else if (token != JsonToken.START_OBJECT) {
                    return readWhole(body, type);
                } else {
                    try {
                        items.add(new BatchItem<>(reader.readValue(parser), null, null));
                    } catch (JsonProcessingException e) {
                        return readWhole(body, type);
                    }
                }
            }
            if (parser.nextToken() != null) {
                return readWhole(body, type); // something after the array
            }
        }
        return items;
    }

    /** The batch as a tree, each item read from it: what cannot be read is kept as sent, with why. */
    private <T> List<BatchItem<T>> readWhole(byte[] body, Class<T> type) throws IOException {
        JsonNode tree = exactTree.readTree(body);
        if (tree == null || tree.isMissingNode() || !tree.isArray()) {
            throw new ProblemException(Problem.of("malformed-body", "Malformed request body", 400,
                    "A batch is a JSON array of reports.")
                    .withErrors(List.of(new Problem.FieldError("", "must be an array"))));
        }
        if (tree.size() > MAX_BATCH_ITEMS) {
            throw tooLarge("A batch holds at most " + MAX_BATCH_ITEMS + " reports; this one has " + tree.size() + ".");
        }
        List<BatchItem<T>> items = new ArrayList<>(tree.size());
        for (JsonNode sent : tree) {
            try {
                T value = json.treeToValue(sent, type);
                items.add(new BatchItem<>(value, value == null ? sent : null, null));
            } catch (JsonProcessingException e) {
                items.add(new BatchItem<>(null, sent, e));
            }
        }
        return items;
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
