package org.fusionexchange.intake.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/**
 * Writes new reports' rows (the report, its first version, its outbox row) in the current transaction by plain JDBC,
 * one batch per table: the driver rewrites each batch into multi-row inserts ({@code reWriteBatchedInserts}). Written
 * through Hibernate, each report was three managed entities, each checked again at every flush of the transaction;
 * nothing reads them back in it. Amendments and retractions still go through the entities.
 */
@ApplicationScoped
public class NewReportRows {

    /** One new report: its columns, its first version's event and body, and the traceparent of its request. */
    public record Row(UUID id, String agency, String externalRef, String type, int version, String status,
            Instant receivedAt, Instant updatedAt, UUID eventId, String eventType, String body, String traceParent) {
    }

    private final EntityManager em;

    public NewReportRows(EntityManager em) {
        this.em = em;
    }

    /** Inserts the rows in the current transaction; a failure is a {@link PersistenceException} around JDBC's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(List<Row> rows) {
        try {
            em.unwrap(Session.class).doWork(connection -> write(connection, rows));
        } catch (org.hibernate.JDBCException e) {
            throw new PersistenceException("Storing " + rows.size() + " new reports failed", e.getSQLException());
        }
    }

    private static void write(Connection connection, List<Row> rows) throws SQLException {
        Times times = new Times();
        batch(connection, rows, "INSERT INTO case_report (id, agency, external_ref, type, version, status, received_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz))",
                (insert, row) -> {
                    insert.setObject(1, row.id());
                    insert.setString(2, row.agency());
                    insert.setString(3, row.externalRef());
                    insert.setString(4, row.type());
                    insert.setInt(5, row.version());
                    insert.setString(6, row.status());
                    insert.setString(7, times.text(row.receivedAt()));
                    insert.setString(8, times.text(row.updatedAt()));
                });
        batch(connection, rows, "INSERT INTO report_version (event_id, report_id, version, event_type, created_at,"
                + " body) VALUES (?, ?, ?, ?, CAST(? AS timestamptz), ?)", (insert, row) -> {
                    insert.setObject(1, row.eventId());
                    insert.setObject(2, row.id());
                    insert.setInt(3, row.version());
                    insert.setString(4, row.eventType());
                    insert.setString(5, times.text(row.updatedAt()));
                    insert.setString(6, row.body());
                });
        batch(connection, rows, "INSERT INTO outbox (event_id, report_id, created_at, trace_parent)"
                + " VALUES (?, ?, CAST(? AS timestamptz), ?)", (insert, row) -> {
                    insert.setObject(1, row.eventId());
                    insert.setObject(2, row.id());
                    insert.setString(3, times.text(row.updatedAt()));
                    if (row.traceParent() == null) {
                        insert.setNull(4, Types.VARCHAR);
                    } else {
                        insert.setString(4, row.traceParent());
                    }
                });
    }

    /**
     * The group's times as the text PostgreSQL reads a timestamptz from, each distinct time formatted once: a new
     * report's times are one instant, and a batch's reports share it. The driver formats every {@code OffsetDateTime}
     * parameter anew, with checks of its own; four per report were 7% of intake-service's CPU in batches (JFR,
     * deploy/bench/README.md, session 29).
     */
    static final class Times {
        private final Map<Instant, String> texts = new HashMap<>();

        /**
         * ISO 8601 in UTC, to the microsecond PostgreSQL keeps (the service's times are already at it; a finer one is
         * truncated, not left to the server's rounding): {@code 2026-12-06T03:40:00.123456Z}.
         */
        String text(Instant time) {
            return texts.computeIfAbsent(time, t -> t.truncatedTo(ChronoUnit.MICROS).toString());
        }
    }

    /** Sets one row's parameters of a statement. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement insert, Row row) throws SQLException;
    }

    /** One statement for every row, as one batch. */
    private static void batch(Connection connection, List<Row> rows, String sql, Binder binder) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Row row : rows) {
                binder.bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
