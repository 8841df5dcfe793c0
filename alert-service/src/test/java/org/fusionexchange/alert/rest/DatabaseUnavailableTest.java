package org.fusionexchange.alert.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;

import org.fusionexchange.alert.repository.AlertLists;
import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Which failures mean "the database is down" (503, retry) rather than a fault of the service (500). */
class DatabaseUnavailableTest {

    @Test
    void aRefusedOrLostConnectionIsUnavailable() {
        assertTrue(ProblemMapper.databaseUnavailable(new PersistenceException(
                new SQLException("Connection to 127.0.0.1:55432 refused", "08001"))));
        assertTrue(ProblemMapper.databaseUnavailable(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(ProblemMapper.databaseUnavailable(new SQLTransientConnectionException("pool exhausted")));
        assertTrue(ProblemMapper.databaseUnavailable(new org.hibernate.exception.JDBCConnectionException(
                "could not prepare statement", new SQLException("I/O error", "08006"))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(ProblemMapper.databaseUnavailable(new IllegalStateException("bug")));
        assertFalse(ProblemMapper.databaseUnavailable(new PersistenceException(
                new SQLException("duplicate key value violates unique constraint", "23505"))));
        assertFalse(ProblemMapper.databaseUnavailable(new SQLException("no state")));
    }

    /** The list's reactive client fails with its own types, handed on as JDBC's would be: the same answers. */
    @Test
    void theListsReactiveClientFailsAlike() {
        assertTrue(ProblemMapper.databaseUnavailable(AlertLists.failed("Listing",
                new ConnectException("Connection refused: /127.0.0.1:55432"))));
        assertTrue(ProblemMapper.databaseUnavailable(AlertLists.failed("Listing", ClosedConnectionException.INSTANCE)));
        assertTrue(ProblemMapper.databaseUnavailable(AlertLists.failed("Listing",
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null))));
        assertFalse(ProblemMapper.databaseUnavailable(AlertLists.failed("Listing",
                new PgException("relation \"alert\" does not exist", "ERROR", "42P01", null))));
        assertFalse(ProblemMapper.databaseUnavailable(AlertLists.failed("Listing", new IllegalStateException("bug"))));
    }
}
