package org.fusionexchange.intake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        long millis = 1_796_000_000_123L;
        UUID id = TimeOrderedIds.at(millis, new Random(1));
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        // the same layout in text: the first 12 hex digits are the millisecond, then the version digit
        assertTrue(id.toString().startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF)), id::toString);
    }

    @Test
    void idsOfLaterMillisecondsSortLaterAsPostgresqlComparesUuids() {
        Random random = new Random(2);
        String earlier = TimeOrderedIds.at(1_796_000_000_000L, random).toString();
        for (int i = 1; i <= 1000; i++) {
            String later = TimeOrderedIds.at(1_796_000_000_000L + i, random).toString();
            // PostgreSQL orders uuid by its bytes, unsigned, which is the order of the lower-case hex text
            assertTrue(later.compareTo(earlier) > 0, later + " after " + earlier);
            earlier = later;
        }
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.at(1_796_000_000_000L, new Random(i)));
        }
        assertEquals(10_000, ids.size());
        UUID now = TimeOrderedIds.next();
        assertNotEquals(now, TimeOrderedIds.next());
        assertTrue(Math.abs((now.getMostSignificantBits() >>> 16) - System.currentTimeMillis()) < 60_000);
    }
}
