package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Alert ids: UUID version 7, the time they were made in their first 48 bits, so that later ids sort later. */
class AlertIdsTest {

    @Test
    void anIdIsAVersion7UuidOfTheMillisecondItWasMadeIn() {
        long before = System.currentTimeMillis();
        UUID id = AlertIds.next();
        long after = System.currentTimeMillis();
        assertEquals(7, id.version());
        assertEquals(2, id.variant(), "the RFC 9562 variant");
        long millis = id.getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= after, millis + " within " + before + ".." + after);
        assertEquals(id, UUID.fromString(id.toString()), "its text reads back as the same id");
    }

    @Test
    void idsMadeInLaterMillisecondsSortLaterAndNoTwoAreEqual() throws InterruptedException {
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(AlertIds.next());
            Thread.sleep(2);
        }
        for (int i = 1; i < made.size(); i++) {
            // PostgreSQL's uuid order is the unsigned order of its bytes: the time comes first
            assertTrue(Long.compareUnsigned(made.get(i - 1).getMostSignificantBits(),
                    made.get(i).getMostSignificantBits()) < 0, made.toString());
        }
        HashSet<UUID> distinct = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            distinct.add(AlertIds.next());
        }
        assertEquals(10_000, distinct.size(), "74 random bits: no two ids of the same millisecond are equal");
        assertNotEquals(AlertIds.next(), AlertIds.next());
    }
}
