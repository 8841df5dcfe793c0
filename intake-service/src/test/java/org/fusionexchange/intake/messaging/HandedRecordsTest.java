package org.fusionexchange.intake.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The relay's in-memory hand-off: at most its capacity, admitting nothing more while full (so that a relay behind a
 * backlog still reaches what was admitted), each record given once, stale records dropped by age.
 */
class HandedRecordsTest {

    private final List<OutboxWritten.Written> three = List.of(written(), written(), written());

    @Test
    void whenFullNothingMoreIsAdmitted() {
        HandedRecords handed = new HandedRecords(2);
        assertTrue(handed.hasRoom());
        handed.add(three);
        assertEquals(2, handed.size());
        assertFalse(handed.hasRoom(), "a request that sees it full builds no record");
        assertNotNull(handed.take(three.get(0).eventId()), "the oldest is kept: the relay reaches it first");
        assertNotNull(handed.take(three.get(1).eventId()));
        assertNull(handed.take(three.get(2).eventId()), "not admitted: the relay reads it back");
        assertTrue(handed.hasRoom());
    }

    @Test
    void eachRecordIsTakenOnce() {
        HandedRecords handed = new HandedRecords(10);
        handed.add(three);
        assertEquals(three.get(1).record(), handed.take(three.get(1).eventId()));
        assertNull(handed.take(three.get(1).eventId()), "a record is sent once; a second round reads it back");
        handed.clear();
        assertNull(handed.take(three.get(0).eventId()));
    }

    @Test
    void onlyRecordsOlderThanTheAgeAreDropped() throws InterruptedException {
        HandedRecords handed = new HandedRecords(10);
        handed.add(three.subList(0, 2));
        Thread.sleep(50);
        handed.add(three.subList(2, 3));
        handed.dropOlderThan(Duration.ofMillis(25));
        assertEquals(1, handed.size());
        assertNotNull(handed.take(three.get(2).eventId()), "the young one stays");
        handed.add(three.subList(0, 1));
        handed.dropOlderThan(Duration.ofSeconds(10));
        assertEquals(1, handed.size());
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        HandedRecords handed = new HandedRecords(0);
        assertFalse(handed.hasRoom());
        handed.add(three);
        assertEquals(0, handed.size());
        assertNull(handed.take(three.get(0).eventId()));
    }

    private static OutboxWritten.Written written() {
        UUID eventId = UUID.randomUUID();
        return new OutboxWritten.Written(eventId,
                new ProducerRecord<>("case-reports", eventId.toString(), new byte[] {1}));
    }
}
