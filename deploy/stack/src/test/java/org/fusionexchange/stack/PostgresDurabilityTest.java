package org.fusionexchange.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The stack's PostgreSQL (the local run's, the tests' and the benchmark's) commits durably: a transaction is on disk
 * before the service answers 201 for it. zonky's embedded server turns synchronous_commit off by default.
 */
class PostgresDurabilityTest {

    @Test
    void commitsWaitForTheWriteAheadLogToBeFlushed() throws Exception {
        Path state = Path.of(System.getProperty("fusion.stack.state-dir", "target/stack"), "pg-" + UUID.randomUUID());
        try (FusionStack stack = FusionStack.builder(state).postgres(Ports.free(), List.of("intake")).build().start()) {
            PostgresServer pg = stack.postgres().orElseThrow();
            try (Connection connection = DriverManager.getConnection(pg.jdbcUrl("intake"), pg.username(),
                    pg.password()); Statement statement = connection.createStatement()) {
                assertEquals("on", show(statement, "synchronous_commit"));
                assertEquals("on", show(statement, "fsync"));
            }
        }
    }

    private static String show(Statement statement, String setting) throws Exception {
        try (ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
