package org.fusionexchange.intake.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CaseReportRepository implements PanacheRepositoryBase<CaseReportEntity, UUID> {

    private final AgroalDataSource dataSource;

    public CaseReportRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A report of the agency, locked for a change; null when the agency has no such report. */
    public CaseReportEntity findOfAgencyForUpdate(UUID id, String agency) {
        CaseReportEntity report = findById(id, LockModeType.PESSIMISTIC_WRITE);
        return report != null && report.agency.equals(agency) ? report : null;
    }

    /** Where a report sits in its agency's list, newest first: the key of the index the list reads. */
    public record Position(Instant receivedAt, UUID id) {
    }

    /** What a list shows of a report: its columns, not its body. */
    public record Row(UUID id, String externalRef, String type, int version, String status, Instant receivedAt,
            Instant updatedAt) {

        public Position position() {
            return new Position(receivedAt, id);
        }
    }

    /**
     * Up to {@code limit} of the agency's reports received since {@code since} (if given) of the type (if given),
     * newest first, starting after {@code after} (if given): a keyset page that reads O(limit) entries of the index
     * (agency, received_at, id) however many reports the agency has, then {@code offset} more rows when one is given
     * (the older numbered pages).
     * <p>
     * Plain JDBC: a list is the hottest read, and it needs seven columns, not entities. Going through Hibernate cost
     * a session, an HQL interpretation lookup and a dynamic instantiation per row on every page.
     */
    public List<Row> page(String agency, String type, Instant since, Position after, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = filter(agency, type, since, params);
        if (after != null) {
            // a row comparison, which PostgreSQL answers as one range of the index
            where.append(" AND (received_at, id) < (?, ?)");
            params.add(utc(after.receivedAt()));
            params.add(after.id());
        }
        String sql = "SELECT id, external_ref, type, version, status, received_at, updated_at FROM case_report WHERE "
                + where + " ORDER BY received_at DESC, id DESC OFFSET ? LIMIT ?";
        params.add(offset);
        params.add(limit);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepared(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            List<Row> rows = new ArrayList<>(limit);
            while (rs.next()) {
                rows.add(new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(),
                        rs.getObject(7, OffsetDateTime.class).toInstant()));
            }
            return rows;
        } catch (SQLException e) {
            throw new PersistenceException("Listing the reports of " + agency + " failed", e);
        }
    }

    /** How many reports {@link #page} would list in all: a count of every matching row, O(n). */
    public long count(String agency, String type, Instant since) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT count(*) FROM case_report WHERE " + filter(agency, type, since, params);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepared(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new PersistenceException("Counting the reports of " + agency + " failed", e);
        }
    }

    /** The list's filters: the agency's reports, of the type and received since, when given. */
    private static StringBuilder filter(String agency, String type, Instant since, List<Object> params) {
        StringBuilder where = new StringBuilder("agency = ?");
        params.add(agency);
        if (type != null) {
            where.append(" AND type = ?");
            params.add(type);
        }
        if (since != null) {
            where.append(" AND received_at >= ?");
            params.add(utc(since));
        }
        return where;
    }

    private static PreparedStatement prepared(Connection connection, String sql, List<Object> params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
        return statement;
    }

    /** timestamptz as the driver maps it without a Calendar. */
    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
