package org.fusionexchange.intake.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * Writes new reports' rows (the report and its first version) in the current transaction by plain JDBC; the
 * transaction's outbox row is one for all of them ({@link OutboxRepository#written}). Written through Hibernate, each
 * report was managed entities, each checked again at every flush of the transaction; nothing reads them back in it.
 * Amendments and retractions still go through the entities.
 * <p>
 * A group of {@value #COPY_FROM} reports or more goes in as one binary {@code COPY} per table ({@link BinaryCopy}):
 * PostgreSQL reads the values as it stores them, without parsing each from text or planning a statement of up to
 * 128 rows, and writes the rows to the table in groups. A smaller group goes in as one multi-row insert per table
 * (the driver rewrites each batch: {@code reWriteBatchedInserts}), a prepared statement whose plan is kept: a copy is
 * a new statement each time, parsed and set up anew. Measured on this machine's PostgreSQL 15 with intake's tables,
 * 16 clients, PostgreSQL's CPU a report, inserts against copies: 0.15 against 0.19 ms in groups of 1, 0.057 against
 * 0.065 in groups of 4, even at 16, 0.026 against 0.023 at 32, 0.022 against 0.018 at 100 (deploy/bench/README.md,
 * session 31).
 */
@ApplicationScoped
public class NewReportRows {

    /** The smallest group written by copy. */
    static final int COPY_FROM = 32;

    /** One new report: its columns, and its first version's event and body. */
    public record Row(UUID id, String agency, String externalRef, String type, int version, String status,
            Instant receivedAt, Instant updatedAt, UUID eventId, String eventType, String body) {
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
        if (rows.size() >= COPY_FROM) {
            copy(connection, rows);
        } else {
            insert(connection, rows);
        }
    }

    /** Two binary copies. */
    private static void copy(Connection connection, List<Row> rows) throws SQLException {
        BinaryCopy reports = new BinaryCopy(rows.size() * 120);
        BinaryCopy versions = new BinaryCopy(rows.size() * 90 + rows.stream().mapToInt(r -> r.body().length()).sum());
        for (Row row : rows) {
            reports.row(8).uuid(row.id()).text(row.agency()).text(row.externalRef()).text(row.type())
                    .int4(row.version()).text(row.status()).timestamptz(row.receivedAt()).timestamptz(row.updatedAt());
            versions.row(6).uuid(row.eventId()).uuid(row.id()).int4(row.version()).text(row.eventType())
                    .timestamptz(row.updatedAt()).text(row.body());
        }
        reports.into(connection, "COPY case_report (id, agency, external_ref, type, version, status, received_at,"
                + " updated_at) FROM STDIN (FORMAT binary)");
        versions.into(connection, "COPY report_version (event_id, report_id, version, event_type, created_at, body)"
                + " FROM STDIN (FORMAT binary)");
    }

    /** Two multi-row inserts (the driver rewrites each batch: {@code reWriteBatchedInserts}). */
    private static void insert(Connection connection, List<Row> rows) throws SQLException {
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
