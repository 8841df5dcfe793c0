package org.fusionexchange.intake.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The upgrade to one outbox row per transaction (V11) on real PostgreSQL, in a schema of its own migrated to V10
 * first: events still waiting for Kafka across the upgrade become rows of one event each, in their order, with their
 * traceparents, so that the new relay publishes them as the old one would have.
 */
@QuarkusTest
class OutboxUpgradeTest {

    private static final String TRACED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DataSource dataSource;

    @Test
    void eventsWaitingAcrossTheUpgradeBecomeRowsOfOneEventEachInTheirOrder() throws Exception {
        String schema = "upgrade_" + UUID.randomUUID().toString().replace("-", "");
        List<UUID> events = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<String> traces = Arrays.asList(null, TRACED, null);
        try {
            migrate(schema, "10");
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema
                            + ".outbox (event_id, report_id, created_at, trace_parent) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < events.size(); i++) {
                    insert.setObject(1, events.get(i));
                    insert.setObject(2, UUID.randomUUID());
                    insert.setTimestamp(3, Timestamp.from(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i)));
                    insert.setString(4, traces.get(i));
                    insert.executeUpdate();
                }
            }
            migrate(schema, "latest");
            try (Connection connection = dataSource.getConnection();
                    Statement select = connection.createStatement();
                    ResultSet rows = select.executeQuery(
                            "SELECT event_ids, trace_parents FROM " + schema + ".outbox ORDER BY seq")) {
                for (int i = 0; i < events.size(); i++) {
                    assertTrue(rows.next(), "row " + i);
                    assertArrayEquals(new UUID[] {events.get(i)}, (UUID[]) rows.getArray(1).getArray());
                    Array traceArray = rows.getArray(2);
                    if (traces.get(i) == null) {
                        assertNull(traceArray, "an untraced event keeps no trace array");
                    } else {
                        assertArrayEquals(new String[] {traces.get(i)}, (String[]) traceArray.getArray());
                    }
                }
                assertFalse(rows.next());
            }
        } finally {
            try (Connection connection = dataSource.getConnection();
                    Statement drop = connection.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private void migrate(String schema, String target) {
        Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration")
                .target(target).load().migrate();
    }
}
