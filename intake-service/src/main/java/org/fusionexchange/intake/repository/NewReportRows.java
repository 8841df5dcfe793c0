package org.fusionexchange.intake.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
        batch(connection, rows, "INSERT INTO case_report (id, agency, external_ref, type, version, status, received_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (insert, row) -> {
                    insert.setObject(1, row.id());
                    insert.setString(2, row.agency());
                    insert.setString(3, row.externalRef());
                    insert.setString(4, row.type());
                    insert.setInt(5, row.version());
                    insert.setString(6, row.status());
                    insert.setObject(7, row.receivedAt().atOffset(ZoneOffset.UTC));
                    insert.setObject(8, row.updatedAt().atOffset(ZoneOffset.UTC));
                });
        batch(connection, rows, "INSERT INTO report_version (event_id, report_id, version, event_type, created_at,"
                + " body) VALUES (?, ?, ?, ?, ?, ?)", (insert, row) -> {
                    insert.setObject(1, row.eventId());
                    insert.setObject(2, row.id());
                    insert.setInt(3, row.version());
                    insert.setString(4, row.eventType());
                    insert.setObject(5, row.updatedAt().atOffset(ZoneOffset.UTC));
                    insert.setString(6, row.body());
                });
        batch(connection, rows, "INSERT INTO outbox (event_id, report_id, created_at, trace_parent)"
                + " VALUES (?, ?, ?, ?)", (insert, row) -> {
                    insert.setObject(1, row.eventId());
                    insert.setObject(2, row.id());
                    insert.setObject(3, row.updatedAt().atOffset(ZoneOffset.UTC));
                    if (row.traceParent() == null) {
                        insert.setNull(4, Types.VARCHAR);
                    } else {
                        insert.setString(4, row.traceParent());
                    }
                });
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
