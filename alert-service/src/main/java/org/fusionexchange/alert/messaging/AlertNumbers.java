package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Each recipient's alert numbers, 1, 2, 3, ... without gaps, given by counting: routing writes its alerts unnumbered
 * ({@code "seq":0}) to {@code alerts}, keyed by recipient, so all of an agency's alerts are in one partition, and every
 * {@code read_committed} reader of that partition sees the same records in the same order. A reader that starts at an
 * offset with each recipient's last number there (what the projection stored with that offset) gives every later
 * alert the number every other reader gives it: the projection, and the live feed of each instance.
 *
 * <p>A record counts for its key. A value that is not a JSON object takes no number (only routing writes to the
 * topic, so none is expected). A value numbered already ({@code seq} above 0: written before numbering moved out
 * of routing) keeps its number, and its recipient goes on after it. Not thread-safe: one per reading thread.
 */
final class AlertNumbers {

    /** Routing writes every alert with {@code "seq":0} as its second field, right after the id. */
    private static final byte[] UNNUMBERED = "\",\"seq\":0,".getBytes(StandardCharsets.US_ASCII);
    private static final int UNNUMBERED_WITHIN = 64;

    private final ObjectMapper json;
    private final Map<String, Long> last;
    private final Set<String> changed = new HashSet<>();

    /** Numbers going on after {@code last}: each recipient's last number so far (absent: none yet). */
    AlertNumbers(ObjectMapper json, Map<String, Long> last) {
        this.json = json;
        this.last = new HashMap<>(last);
    }

    /** A copy to number a batch on, which replaces this one once the batch is stored; nothing changed yet. */
    AlertNumbers copy() {
        return new AlertNumbers(json, last);
    }

    /** The recipient's last number given (0: none). */
    long last(String recipient) {
        return last.getOrDefault(recipient, 0L);
    }

    /** The recipients numbered since this was made, with their last numbers. */
    Map<String, Long> changed() {
        Map<String, Long> numbers = new HashMap<>();
        changed.forEach(r -> numbers.put(r, last.get(r)));
        return numbers;
    }

    /** The alert {@code value} of {@code recipient}'s record with its number, which it takes. */
    byte[] number(String recipient, byte[] value) {
        int at = indexOf(value, UNNUMBERED, UNNUMBERED_WITHIN);
        if (at >= 0) {
            long seq = next(recipient);
            return spliced(value, at + UNNUMBERED.length - 2, seq);
        }
        ObjectNode tree = tree(value);
        JsonNode given = tree.get("seq");
        if (given != null && given.canConvertToLong() && given.asLong() > 0) {
            last.merge(recipient, given.asLong(), Math::max);
            changed.add(recipient);
            return value;
        }
        long seq = next(recipient);
        tree.put("seq", seq);
        try {
            return json.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long next(String recipient) {
        changed.add(recipient);
        return last.merge(recipient, 1L, Long::sum);
    }

    private ObjectNode tree(byte[] value) {
        try {
            if (json.readTree(value) instanceof ObjectNode tree) {
                return tree;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    /** {@code value} with the single {@code 0} at {@code zero} replaced by {@code seq}. */
    private static byte[] spliced(byte[] value, int zero, long seq) {
        byte[] number = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        byte[] numbered = new byte[value.length - 1 + number.length];
        System.arraycopy(value, 0, numbered, 0, zero);
        System.arraycopy(number, 0, numbered, zero, number.length);
        System.arraycopy(value, zero + 1, numbered, zero + number.length, value.length - zero - 1);
        return numbered;
    }

    /** Where {@code part} starts in the first {@code within} bytes of {@code bytes}, or -1. */
    private static int indexOf(byte[] bytes, byte[] part, int within) {
        int end = Math.min(bytes.length, within) - part.length;
        for (int i = 0; i <= end; i++) {
            int j = 0;
            while (j < part.length && bytes[i + j] == part[j]) {
                j++;
            }
            if (j == part.length) {
                return i;
            }
        }
        return -1;
    }
}
