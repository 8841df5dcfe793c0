package org.fusionexchange.intake.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import org.fusionexchange.intake.repository.CaseReportRepository.Position;

/**
 * The {@code cursor} of a report list: where the next page starts, as the last row's (received at, id), the key of
 * the list's index. Opaque to clients (base64url of {@code r1.<epoch microseconds>.<uuid>}), so that its form can
 * change; a value that is not one gives 400.
 */
final class Cursor {

    private static final String PREFIX = "r1.";
    private static final long LATEST_MICROS = micros(Instant.parse("9999-12-31T23:59:59Z"));

    private Cursor() {
    }

    static String of(Position last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + micros(last.receivedAt()) + "." + last.id()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Microseconds since the epoch: the database's precision (ChronoUnit.MICROS.between overflows past 2262). */
    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    /** The position the cursor names; IllegalArgumentException when it names none. */
    static Position parse(String cursor) {
        if (cursor.length() > 128) {
            throw new IllegalArgumentException("too long");
        }
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a report cursor");
        }
        String[] parts = text.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2 || parts[1].length() != 36) {
            throw new IllegalArgumentException("not a report cursor");
        }
        long micros = Long.parseLong(parts[0]);
        if (micros < 0 || micros > LATEST_MICROS) {
            // outside what the database stores; a cursor this service wrote never is
            throw new IllegalArgumentException("out of range");
        }
        Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        return new Position(at, UUID.fromString(parts[1]));
    }
}
