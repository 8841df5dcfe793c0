package org.fusionexchange.alert.service;

import java.util.UUID;

/**
 * Alert ids as UUID version 7 (RFC 9562, section 5.7): the Unix time in milliseconds in the first 48 bits, then 74
 * random bits. An alert made later sorts later, so each alert the projection stores lands at the right edge of the
 * {@code alert} table's primary key instead of on a random page of it (with version 4 ids every insert touched a
 * random leaf, and once the index outgrew PostgreSQL's shared buffers, read and wrote one back; after each
 * checkpoint the first change to a page also writes the whole page to the WAL).
 * <p>
 * 74 random bits still make an id unguessable, and every read of an alert is checked by recipient in any case. The
 * time in the id is when the alert was made, which the alert carries as {@code createdAt}.
 */
public final class AlertIds {

    private AlertIds() {
    }

    /** A new alert's id. */
    public static UUID next() {
        UUID random = UUID.randomUUID();
        long mostSignificant = (System.currentTimeMillis() << 16) | 0x7000L
                | (random.getMostSignificantBits() & 0x0FFFL);
        long leastSignificant = 0x8000_0000_0000_0000L | (random.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(mostSignificant, leastSignificant);
    }
}
