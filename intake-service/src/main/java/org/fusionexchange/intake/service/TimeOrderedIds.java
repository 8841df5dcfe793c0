package org.fusionexchange.intake.service;

import java.time.Instant;
import java.util.UUID;

/**
 * Report and event ids as UUID version 7 (RFC 9562, section 5.7): the Unix time in milliseconds in the first 48
 * bits, then 74 random bits. Ids made later sort later, so each new row lands at the right edge of the primary-key
 * and foreign-key indexes instead of on a random page of them. With random (version 4) ids, every insert touched
 * a random page of four indexes, and once the indexes outgrew PostgreSQL's shared buffers most inserts read and
 * wrote back a page.
 * <p>
 * 74 random bits (122 in version 4) still make ids unguessable; access is checked by agency in any case. The time
 * in a report id is when the report was received: its agency has that as {@code receivedAt}, and a recipient of
 * its alerts can read it from the id.
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    /** A new id for something that happened at {@code time}. */
    public static UUID at(Instant time) {
        return at(time.toEpochMilli(), UUID.randomUUID());
    }

    /** The id of {@code epochMillis} with the random bits of {@code random}; version and variant are set here. */
    static UUID at(long epochMillis, UUID random) {
        long mostSignificant = (epochMillis << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        long leastSignificant = 0x8000_0000_0000_0000L | (random.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(mostSignificant, leastSignificant);
    }
}
