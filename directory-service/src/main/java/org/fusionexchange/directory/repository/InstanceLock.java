package org.fusionexchange.directory.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/**
 * Work that one instance of the service does at a time, across every instance sharing the database: a PostgreSQL
 * session-level advisory lock, held on a connection of its own for as long as the work runs. It outlives the work's
 * own transactions (each of which commits as it goes), and PostgreSQL releases it if the instance dies.
 */
@ApplicationScoped
public class InstanceLock {

    /** The provisioning worker's passes against Keycloak: each agency's tasks must run in order, by one worker. */
    public static final long PROVISIONING = 0x46584450524f5631L;

    private final AgroalDataSource dataSource;

    public InstanceLock(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} if no other session holds the lock {@code key}, and returns true; returns false at once,
     * running nothing, if one does.
     */
    public boolean runAlone(long key, Runnable work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!call(connection, "SELECT pg_try_advisory_lock(?)", key)) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                call(connection, "SELECT pg_advisory_unlock(?)", key);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The lock " + key + " could not be taken or released: " + e.getMessage(),
                    e);
        }
    }

    private static boolean call(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
