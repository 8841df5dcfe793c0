package org.fusionexchange.intake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    private static final long MILLIS = 1_796_000_000_123L;

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecondWhateverTheRandomBits() {
        for (UUID random : new UUID[] { new UUID(-1L, -1L), new UUID(0L, 0L), UUID.randomUUID() }) {
            UUID id = TimeOrderedIds.at(MILLIS, random);
            assertEquals(7, id.version(), id::toString);
            assertEquals(2, id.variant(), id::toString);
            assertEquals(MILLIS, id.getMostSignificantBits() >>> 16, id::toString);
            // the same layout in text: the first 12 hex digits are the millisecond, then the version digit
            assertTrue(id.toString().startsWith(String.format("%08x-%04x-7", MILLIS >>> 16, MILLIS & 0xFFFF)),
                    id::toString);
        }
        // all 74 random bits come from the random source: 12 after the version, 62 after the variant
        UUID ones = TimeOrderedIds.at(MILLIS, new UUID(-1L, -1L));
        assertEquals(0xFFFL, ones.getMostSignificantBits() & 0xFFFL);
        assertEquals(0x3FFF_FFFF_FFFF_FFFFL, ones.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL);
    }

    @Test
    void idsOfLaterMillisecondsSortLaterAsPostgresqlComparesUuids() {
        String earlier = TimeOrderedIds.at(MILLIS, new UUID(-1L, -1L)).toString();
        for (int i = 1; i <= 1000; i++) {
            // the lowest random bits for the later id: the millisecond alone must order them
            String later = TimeOrderedIds.at(MILLIS + i, new UUID(0L, 0L)).toString();
            // PostgreSQL orders uuid by its bytes, unsigned, which is the order of the lower-case hex text
            assertTrue(later.compareTo(earlier) > 0, later + " after " + earlier);
            earlier = TimeOrderedIds.at(MILLIS + i, new UUID(-1L, -1L)).toString();
        }
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.at(MILLIS, UUID.randomUUID()));
        }
        assertEquals(10_000, ids.size());
    }

    @Test
    void anIdForAnInstantCarriesThatInstantsMillisecond() {
        Instant received = Instant.parse("2026-11-29T09:30:00.123456Z");
        UUID id = TimeOrderedIds.at(received);
        assertEquals(received.toEpochMilli(), id.getMostSignificantBits() >>> 16);
        assertNotEquals(id, TimeOrderedIds.at(received));
    }
}
