package org.fusionexchange.intake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.fusionexchange.intake.service.AgencyDirectory.Agency;
import org.fusionexchange.intake.service.AgencyDirectory.Source;
import org.fusionexchange.intake.service.AgencyDirectory.Status;
import org.junit.jupiter.api.Test;

/** When the directory view may be served, and what it holds, without Kafka or a database. */
class AgencyDirectoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
    private final AgencyDirectory directory = new AgencyDirectory(now::get);

    private void later(Duration duration) {
        now.set(now.get().plus(duration));
    }

    @Test
    void anEmptyViewIsNeverServedWhileKafkaStaysAway() {
        directory.load(List.of(), WAIT);
        later(Duration.ofHours(1));
        assertFalse(directory.ready());
        assertEquals(Source.NONE, directory.source());
    }

    @Test
    void aPersistedViewIsServedOnlyOnceKafkaHasNotAnsweredWithinTheWait() {
        directory.load(List.of(new Agency("PHOENIX-PD", Status.SUSPENDED, 7)), WAIT);
        assertFalse(directory.ready(), "Kafka may yet answer");
        later(WAIT);
        assertTrue(directory.ready());
        assertEquals(Source.PERSISTED, directory.source());
        assertTrue(directory.isSuspended("PHOENIX-PD"));
        assertFalse(directory.isKnown("TAMPA-PD"));
        // Kafka coming back does not take the service down again while it catches up
        directory.kafkaAnswered();
        assertTrue(directory.ready());
        directory.markCaughtUp();
        assertEquals(Source.KAFKA, directory.source());
    }

    @Test
    void onceKafkaAnsweredThePersistedViewWaitsForTheCatchUp() {
        directory.load(List.of(new Agency("TAMPA-PD", Status.ACTIVE, 5)), WAIT);
        directory.kafkaAnswered();
        later(WAIT.multipliedBy(3));
        assertFalse(directory.ready(), "the end offsets are known: read up to them first");
        directory.markCaughtUp();
        assertTrue(directory.ready());
    }

    @Test
    void kafkaLostBeforeTheCatchUpFallsBackToThePersistedView() {
        directory.load(List.of(new Agency("TAMPA-PD", Status.ACTIVE, 5)), WAIT);
        directory.kafkaAnswered();
        later(WAIT);
        assertFalse(directory.ready());
        directory.kafkaLost();
        assertTrue(directory.ready());
    }

    @Test
    void aLowerOrEqualVersionNeverReplacesAHigherOne() {
        assertTrue(directory.apply(new Agency("PHOENIX-PD", Status.SUSPENDED, 7)));
        assertFalse(directory.apply(new Agency("PHOENIX-PD", Status.ACTIVE, 7)));
        assertFalse(directory.apply(new Agency("PHOENIX-PD", Status.ACTIVE, 6)));
        assertTrue(directory.isSuspended("PHOENIX-PD"));
        assertTrue(directory.apply(new Agency("PHOENIX-PD", Status.ACTIVE, 8)));
        assertFalse(directory.isSuspended("PHOENIX-PD"));
    }
}
