package org.fusionexchange.intake.service;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;

/**
 * Report and event ids as UUID version 7 (RFC 9562, section 5.7): the Unix time in milliseconds in the first 48
 * bits, then 74 random bits. Ids made later sort later, so each new row lands at the right edge of the primary-key
 * and foreign-key indexes instead of on a random page of them. With random (version 4) ids, every insert touched
 * a random page of four indexes, and once the indexes outgrew PostgreSQL's shared buffers most inserts read and
 * wrote back a page. The 74 random bits keep ids unguessable, as before; the time they reveal is the report's
 * {@code receivedAt}, which its agency gets anyway.
 */
public final class TimeOrderedIds {

    private static final Random RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return at(System.currentTimeMillis(), RANDOM);
    }

    static UUID at(long epochMillis, Random random) {
        long randA = random.nextInt(1 << 12);
        long randB = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        long mostSignificant = (epochMillis << 16) | (0x7L << 12) | randA;
        long leastSignificant = (0b10L << 62) | randB;
        return new UUID(mostSignificant, leastSignificant);
    }
}
