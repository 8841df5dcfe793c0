package org.fusionexchange.intake.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    public RequestBodies(ObjectMapper json) {
        this.json = json;
    }

    /** One JSON document of the given type, from a body of at most {@link #MAX_REPORT_BYTES}. */
    public <T> T read(byte[] body, Class<T> type) throws IOException {
        requireAtMost(body, MAX_REPORT_BYTES);
        return json.readValue(body, type);
    }

    /** A batch: a JSON array of at most {@link #MAX_BATCH_ITEMS} items, each left as a tree to be read alone. */
    public List<JsonNode> readBatch(byte[] body) throws IOException {
        requireAtMost(body, MAX_BATCH_BYTES);
        JsonNode tree = json.readTree(body);
        if (tree == null || !tree.isArray()) {
            throw new ProblemException(Problem.of("malformed-body", "Malformed request body", 400,
                    "A batch is a JSON array of reports.")
                    .withErrors(List.of(new Problem.FieldError("", "must be an array"))));
        }
        if (tree.size() > MAX_BATCH_ITEMS) {
            throw tooLarge("A batch holds at most " + MAX_BATCH_ITEMS + " reports; this one has " + tree.size() + ".");
        }
        List<JsonNode> items = new ArrayList<>(tree.size());
        tree.forEach(items::add);
        return items;
    }

    /** Reads one batch item; the exception's path is relative to the item. */
    public <T> T readItem(JsonNode item, Class<T> type) throws JsonProcessingException {
        return json.treeToValue(item, type);
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
