package org.fusionexchange.alert.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code cursor} of the alert list: where the next page starts, as the last alert's number for its recipient
 * ({@code seq}, the key of the list's index). Opaque to clients (base64url of {@code a1.<seq>}), so that its form
 * can change.
 */
final class Cursor {

    private static final String PREFIX = "a1.";
    /** What a cursor may look like, as the API declares it: longer or other ones are refused. */
    static final int MAX_LENGTH = 64;
    static final String PATTERN = "^[A-Za-z0-9_-]+$";

    private Cursor() {
    }

    static String of(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The number the cursor names; IllegalArgumentException when it names none. */
    static long parse(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("too long");
        }
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an alert cursor");
        }
        long seq = Long.parseLong(text.substring(PREFIX.length()));
        if (seq < 1) {
            throw new IllegalArgumentException("out of range");
        }
        return seq;
    }
}
