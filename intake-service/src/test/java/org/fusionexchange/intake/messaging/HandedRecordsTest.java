package org.fusionexchange.intake.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The relay's in-memory hand-off: at most its capacity, admitting nothing more while full (so that a relay behind a
 * backlog still reaches what was admitted), each record given once, stale records dropped by age; a request waits,
 * boundedly, for room while the relay is publishing, and never for a stalled relay.
 */
class HandedRecordsTest {

    private final List<OutboxWritten.Written> three = List.of(written(), written(), written());

    @Test
    void whenFullNothingMoreIsAdmitted() {
        HandedRecords handed = new HandedRecords(2, Duration.ZERO);
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
        HandedRecords handed = new HandedRecords(10, Duration.ZERO);
        handed.add(three);
        assertEquals(three.get(1).record(), handed.take(three.get(1).eventId()));
        assertNull(handed.take(three.get(1).eventId()), "a record is sent once; a second round reads it back");
        handed.clear();
        assertNull(handed.take(three.get(0).eventId()));
    }

    @Test
    void theRecordsOfARolledBackTransactionAreTakenBackAndMakeRoom() {
        HandedRecords handed = new HandedRecords(3, Duration.ZERO);
        handed.add(three);
        assertFalse(handed.hasRoom());
        handed.remove(three.subList(0, 2));
        assertEquals(1, handed.size());
        assertTrue(handed.hasRoom());
        assertNull(handed.take(three.get(0).eventId()), "a record of a transaction that rolled back is not sent");
        assertSame(three.get(2).record(), handed.take(three.get(2).eventId()));
    }

    @Test
    void onlyRecordsOlderThanTheAgeAreDropped() throws InterruptedException {
        HandedRecords handed = new HandedRecords(10, Duration.ZERO);
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
        HandedRecords handed = new HandedRecords(0, Duration.ofSeconds(30));
        assertFalse(handed.hasRoom());
        handed.published();
        assertFalse(handed.awaitRoom(1), "nothing to wait for: at once, without a record");
        handed.add(three);
        assertEquals(0, handed.size());
        assertNull(handed.take(three.get(0).eventId()));
    }

    @Test
    void withRoomNoRequestWaits() {
        HandedRecords handed = new HandedRecords(4, Duration.ofSeconds(30));
        handed.published();
        assertTrue(handed.awaitRoom(100), "a batch larger than the whole hand-off needs it empty");
        handed.add(three.subList(0, 1));
        assertTrue(handed.awaitRoom(3), "room for three more: at once");
    }

    @Test
    void aRequestWaitsForAWorkingRelayToMakeRoom() throws Exception {
        HandedRecords handed = fullWhileRelaying(Duration.ofSeconds(30));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> handed.awaitRoom(1));
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "full, and the relay is publishing: the request waits");
        handed.take(three.get(0).eventId());
        handed.roundTaken(); // the relay's round took its records
        assertTrue(waiting.get(5, TimeUnit.SECONDS), "room made: the request builds its record");
    }

    @Test
    void aStalledRelayHoldsNoRequestBack() {
        HandedRecords handed = new HandedRecords(2, Duration.ofSeconds(30));
        handed.add(three);
        long waited = millisRefused(handed, 1, "the relay never published (Kafka away): no wait, and no record");
        assertTrue(waited < 1_000, "answered at once: " + waited + " ms");
    }

    @Test
    void aRelayThatStallsWhileARequestWaitsReleasesIt() {
        HandedRecords handed = fullWhileRelaying(Duration.ofSeconds(30));
        // Kafka goes away mid-round: nothing is published again, and nothing wakes the request
        long waited = millisRefused(handed, 1, "no record: the relay stalled");
        assertTrue(waited < HandedRecords.STALLED_MILLIS + 1_000,
                "released once the relay counts as stalled, not at the end of the wait: " + waited + " ms");
    }

    @Test
    void roundsThatTakeRecordsButPublishNothingAreNoProgress() throws Exception {
        HandedRecords handed = new HandedRecords(2, Duration.ofSeconds(30));
        handed.add(three);
        // a relay whose every round fails after taking its records (a record Kafka refuses), retrying with backoff
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> handed.awaitRoom(1));
        handed.roundTaken();
        assertFalse(waiting.get(1, TimeUnit.SECONDS), "it never published: the request goes on at once");
    }

    @Test
    void theWaitIsBounded() {
        HandedRecords handed = fullWhileRelaying(Duration.ofMillis(300));
        long waited = millisRefused(handed, 1,
                "still full when the wait ran out: the request goes on without a record");
        assertTrue(waited >= 300, "it waited the admission wait: " + waited + " ms");
        assertTrue(waited < 2_000, "and no longer: " + waited + " ms");
        handed.take(three.get(0).eventId());
        handed.published();
        assertFalse(handed.awaitRoom(2), "room for one of two: the batch builds none, rather than two for one slot");
    }

    @Test
    void clearingWakesThoseWaiting() throws Exception {
        HandedRecords handed = fullWhileRelaying(Duration.ofSeconds(30));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> handed.awaitRoom(2));
        Thread.sleep(100);
        assertFalse(waiting.isDone());
        handed.clear(); // the relay stopped, or another instance took the lock
        assertTrue(waiting.get(5, TimeUnit.SECONDS));
    }

    /** How long {@code awaitRoom(count)} took to answer, in ms; it must answer no room. */
    private static long millisRefused(HandedRecords handed, int count, String why) {
        long start = System.nanoTime();
        assertFalse(handed.awaitRoom(count), why);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** A hand-off of two, full, whose relay has just published a round: a request may wait for it. */
    private HandedRecords fullWhileRelaying(Duration admissionWait) {
        HandedRecords handed = new HandedRecords(2, admissionWait);
        handed.add(three);
        handed.published();
        return handed;
    }

    private static OutboxWritten.Written written() {
        UUID eventId = UUID.randomUUID();
        return new OutboxWritten.Written(eventId,
                new ProducerRecord<>("case-reports", eventId.toString(), new byte[] {1}));
    }
}
