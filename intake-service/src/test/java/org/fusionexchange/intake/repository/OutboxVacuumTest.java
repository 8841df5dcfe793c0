package org.fusionexchange.intake.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The relay's vacuum of the outbox runs on real PostgreSQL, outside any transaction, under the service's own role:
 * PostgreSQL counts a manual vacuum of the table (one refused for want of ownership would be a warning, not counted).
 */
@QuarkusTest
class OutboxVacuumTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    OutboxVacuum vacuum;

    @Inject
    EntityManager em;

    @Test
    void vacuumsTheOutboxAfterTheRelayDeletedItsRows() throws Exception {
        DirectoryTopic.demoAgencies(stack);
        String token = Tokens.of(stack, "tampa.reporter");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(SampleReports.submit(token, SampleReports.minimal()));
        }
        // published, and then their outbox rows deleted
        assertEquals(5, CaseReportsTopic.await(stack, ids, 5, Duration.ofSeconds(30), Duration.ofSeconds(1)).size());
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outboxRows() > 0) {
            assertTrue(System.nanoTime() < giveUp, "the relay deleted the published rows");
            Thread.sleep(50);
        }
        long vacuumsBefore = manualVacuums();

        vacuum.run();

        // PostgreSQL 14's statistics collector takes the count in within about half a second
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (manualVacuums() <= vacuumsBefore) {
            assertTrue(System.nanoTime() < deadline, "PostgreSQL counted no vacuum of the outbox");
            Thread.sleep(100);
        }
    }

    private long outboxRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox").getSingleResult()).longValue());
    }

    private long manualVacuums() {
        // the statistics of this backend's own transactions are not read from a snapshot taken earlier
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("SELECT pg_stat_clear_snapshot()").getSingleResult();
            return ((Number) em.createNativeQuery(
                    "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'outbox'").getSingleResult())
                    .longValue();
        });
    }
}
