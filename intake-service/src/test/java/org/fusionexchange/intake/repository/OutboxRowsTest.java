package org.fusionexchange.intake.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.fusionexchange.intake.repository.OutboxRepository.Backlog;
import org.fusionexchange.intake.repository.OutboxRepository.Pending;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The outbox on real PostgreSQL: one row per transaction naming its events in order, with each event's traceparent;
 * the relay's query takes whole rows, in seq order, up to the one that reaches its batch. Each test works in a
 * transaction that it rolls back, having first removed (for itself alone) whatever other tests left in the outbox.
 */
@QuarkusTest
class OutboxRowsTest {

    private static final String TRACED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String OTHER_TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @InjectFusionStack
    FusionStack stack;

    @Inject
    OutboxRepository outbox;

    @Inject
    EntityManager em;

    @Test
    void aTransactionsEventsShareOneRowInTheirOrderEachWithItsTraceParent() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant t1 = t0.plusMillis(3);
        List<UUID> a = ids(3);
        List<UUID> b = ids(2);
        List<UUID> c = ids(4);
        inRolledBackTransaction(() -> {
            outbox.written(a, t0, Arrays.asList(null, TRACED, null));
            outbox.written(b, t1, null);
            outbox.written(c, t1, List.of(OTHER_TRACE, OTHER_TRACE, OTHER_TRACE, OTHER_TRACE));

            assertEquals(3L, ((Number) em.createNativeQuery("SELECT count(*) FROM outbox").getSingleResult())
                    .longValue(), "one row a transaction, however many events");
            List<Pending> pending = outbox.pending(100);
            assertEquals(Stream.of(a, b, c).flatMap(List::stream).toList(),
                    pending.stream().map(Pending::eventId).toList(), "rows in seq order, events in theirs");
            assertEquals(Arrays.asList(null, TRACED, null, null, null, OTHER_TRACE, OTHER_TRACE, OTHER_TRACE,
                    OTHER_TRACE), pending.stream().map(Pending::traceParent).toList());
            assertEquals(List.of(t0, t0, t0, t1, t1, t1, t1, t1, t1),
                    pending.stream().map(Pending::createdAt).toList());
            List<Long> seqs = pending.stream().map(Pending::seq).toList();
            assertEquals(1, seqs.subList(0, 3).stream().distinct().count());
            assertEquals(1, seqs.subList(3, 5).stream().distinct().count());
            assertEquals(1, seqs.subList(5, 9).stream().distinct().count());
            assertEquals(3, seqs.stream().distinct().count());
            assertEquals(seqs.stream().sorted().toList(), seqs, "seq grows with each row");

            Backlog backlog = outbox.backlog();
            assertEquals(9, backlog.count(), "the backlog counts events, not rows");
            assertEquals(t0, backlog.oldest());
        });
    }

    @Test
    void theRelaysQueryTakesWholeRowsUpToTheOneThatReachesItsBatch() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<UUID> a = ids(3);
        List<UUID> b = ids(2);
        List<UUID> c = ids(4);
        inRolledBackTransaction(() -> {
            outbox.written(a, now, null);
            outbox.written(b, now, null);
            outbox.written(c, now, null);
            assertEquals(a, eventsOf(outbox.pending(1)), "the first row whole, even past the batch");
            assertEquals(a, eventsOf(outbox.pending(3)), "the rows before the one that would pass the batch");
            assertEquals(concat(a, b), eventsOf(outbox.pending(4)), "the row that reaches the batch, whole");
            assertEquals(concat(a, b), eventsOf(outbox.pending(5)));
            assertEquals(concat(concat(a, b), c), eventsOf(outbox.pending(6)));
            assertEquals(concat(concat(a, b), c), eventsOf(outbox.pending(2_000)));
        });
    }

    @Test
    void aRowNamesAtLeastOneEventAndATraceParentForEachOrNone() {
        Instant now = Instant.now();
        inRolledBackTransaction(() -> {
            assertThrows(IllegalArgumentException.class, () -> outbox.written(List.of(), now, null));
            assertThrows(IllegalArgumentException.class,
                    () -> outbox.written(ids(2), now, List.of(TRACED)));
            // a list of nulls is the same as none
            outbox.written(ids(2), now, Arrays.asList(null, null));
            assertEquals(Arrays.asList(null, null), outbox.pending(10).stream().map(Pending::traceParent).toList());
        });
        // PostgreSQL holds the same rules for any other writer
        inRolledBackTransaction(() -> assertThrows(RuntimeException.class, () -> em.createNativeQuery(
                "INSERT INTO outbox (event_ids, created_at) VALUES ('{}', now())").executeUpdate()));
        inRolledBackTransaction(() -> assertThrows(RuntimeException.class, () -> em.createNativeQuery(
                "INSERT INTO outbox (event_ids, created_at, trace_parents) VALUES (ARRAY[gen_random_uuid()], now(),"
                + " ARRAY['a', 'b'])").executeUpdate()));
    }

    /** Runs the work alone with the outbox (other tests' rows removed, for this transaction only), then rolls back. */
    private void inRolledBackTransaction(Runnable work) {
        QuarkusTransaction.begin();
        try {
            em.createNativeQuery("DELETE FROM outbox").executeUpdate();
            work.run();
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    private static List<UUID> eventsOf(List<Pending> pending) {
        return pending.stream().map(Pending::eventId).toList();
    }

    private static List<UUID> concat(List<UUID> first, List<UUID> second) {
        List<UUID> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<UUID> ids(int count) {
        return Stream.generate(UUID::randomUUID).limit(count).toList();
    }
}
