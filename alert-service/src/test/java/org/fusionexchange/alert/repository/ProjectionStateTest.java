package org.fusionexchange.alert.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The projection's stored positions and numbers (V10), on a topic name of the test's own: a partition starts once, a
 * position moves only from where its writer read it, and positions and numbers are read together.
 */
@QuarkusTest
class ProjectionStateTest {

    @Inject
    ProjectionState state;

    @Test
    void aPartitionStartsOnceAndMovesOnlyFromWhereItsWriterReadIt() {
        String topic = "state-test-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> state.startAt(topic, Map.of(0, 0L, 1, 5L)));
        // another instance starting the same partitions later changes nothing
        QuarkusTransaction.requiringNew().run(() -> state.startAt(topic, Map.of(0, 9L, 1, 9L)));
        assertEquals(Map.of(0, 0L, 1, 5L), read(topic).positions());

        assertTrue(QuarkusTransaction.requiringNew().call(() -> state.advance(topic, 0, 0, 40)));
        // an instance that read the partition at 0 before the other stored up to 40: refused, nothing moved
        assertFalse(QuarkusTransaction.requiringNew().call(() -> state.advance(topic, 0, 0, 12)));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> state.advance(topic, 2, 0, 12)),
                "a partition never started");
        assertEquals(Map.of(0, 40L, 1, 5L), read(topic).positions());
    }

    @Test
    void aRefusedMoveRollsBackTheNumbersStoredWithIt() {
        String topic = "state-test-" + UUID.randomUUID();
        String recipient = "STATE-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> state.startAt(topic, Map.of(0, 0L)));
        QuarkusTransaction.requiringNew().run(() -> {
            state.saveNumbers(Map.of(recipient, 3L));
            assertTrue(state.advance(topic, 0, 0, 10));
        });
        assertEquals(3L, read(topic).numbers().get(recipient));

        // numbers written, then a move refused in the same transaction (the projection moves first; whatever the
        // order, a refused move takes the transaction's numbers back with it)
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            state.saveNumbers(Map.of(recipient, 9L));
            if (!state.advance(topic, 0, 0, 20)) {
                throw new IllegalStateException("moved");
            }
        }));
        ProjectionState.Snapshot after = read(topic);
        assertEquals(3L, after.numbers().get(recipient));
        assertEquals(Map.of(0, 10L), after.positions());

        QuarkusTransaction.requiringNew().run(() -> state.saveNumbers(Map.of(recipient, 4L)));
        assertEquals(4L, read(topic).numbers().get(recipient), "a number is replaced, not added");
    }

    /**
     * Two instances storing the same partition at once, as around a rebalance: the second waits on the first's row
     * lock, then finds the position moved and is refused.
     */
    @Test
    void aSecondWriterFromTheSamePositionWaitsForTheFirstAndIsRefused() throws Exception {
        String topic = "state-test-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> state.startAt(topic, Map.of(0, 0L)));
        CountDownLatch moved = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = writers.submit(() -> QuarkusTransaction.requiringNew().call(() -> {
                boolean advanced = state.advance(topic, 0, 0, 10);
                moved.countDown();
                commit.await();
                return advanced;
            }));
            assertTrue(moved.await(10, TimeUnit.SECONDS));
            Future<Boolean> second = writers.submit(() -> QuarkusTransaction.requiringNew()
                    .call(() -> state.advance(topic, 0, 0, 20)));
            assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS),
                    "the second writer waits while the first holds the position");
            commit.countDown();
            assertTrue(first.get(10, TimeUnit.SECONDS));
            assertFalse(second.get(10, TimeUnit.SECONDS), "refused once the first committed");
        } finally {
            commit.countDown();
            writers.shutdownNow();
        }
        assertEquals(Map.of(0, 10L), read(topic).positions());
    }

    private ProjectionState.Snapshot read(String topic) {
        return QuarkusTransaction.requiringNew().call(() -> state.read(topic));
    }
}
