package org.fusionexchange.alert.service;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The directory view persisted in the service's own database ({@code directory_agency}): written as snapshots are
 * read, read back at start-up. A stored version is only ever replaced by a higher one, whichever instance writes.
 */
@ApplicationScoped
public class DirectoryStore {

    private static final String UPSERT = """
            INSERT INTO directory_agency (code, kind, jurisdictions, focus, suspended, version,
                quota_requests_per_second, quota_burst, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, jurisdictions = excluded.jurisdictions,
                focus = excluded.focus, suspended = excluded.suspended, version = excluded.version,
                quota_requests_per_second = excluded.quota_requests_per_second, quota_burst = excluded.quota_burst,
                updated_at = excluded.updated_at
            WHERE directory_agency.version < excluded.version""";

    private final DataSource dataSource;

    public DirectoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores each agency unless a version at least as high is stored already; one transaction. */
    public void save(Collection<DirectoryAgency> agencies) throws SQLException {
        if (agencies.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (DirectoryAgency agency : agencies) {
                    upsert.setString(1, agency.code());
                    upsert.setString(2, agency.kind() == null ? "" : agency.kind());
                    upsert.setArray(3, connection.createArrayOf("text", agency.jurisdictions().toArray()));
                    upsert.setArray(4, connection.createArrayOf("text", agency.focus().toArray()));
                    upsert.setBoolean(5, agency.suspended());
                    upsert.setLong(6, agency.version());
                    AgencyQuota quota = agency.quota();
                    upsert.setObject(7, quota == null ? null : quota.requestsPerSecond(), java.sql.Types.INTEGER);
                    upsert.setObject(8, quota == null ? null : quota.burst(), java.sql.Types.INTEGER);
                    upsert.addBatch();
                }
                upsert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** Every stored agency. */
    public List<DirectoryAgency> load() throws SQLException {
        List<DirectoryAgency> agencies = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT code, kind, jurisdictions, focus, suspended, version, quota_requests_per_second,"
                                + " quota_burst FROM directory_agency");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                int requestsPerSecond = rows.getInt(7);
                AgencyQuota quota = rows.wasNull() ? null : new AgencyQuota(requestsPerSecond, rows.getInt(8));
                agencies.add(new DirectoryAgency(rows.getString(1), rows.getString(2), strings(rows.getArray(3)),
                        strings(rows.getArray(4)), rows.getBoolean(5), rows.getLong(6), quota));
            }
        }
        return agencies;
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
