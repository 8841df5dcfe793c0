package org.fusionexchange.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL with one database per service. Embedded by default (binaries from Maven jars, no OS package);
 * an existing server is used instead when {@link External} settings are given.
 */
public final class PostgresServer implements AutoCloseable {

    /** An existing server the stack should use instead of starting its own. */
    public record External(String host, int port, String username, String password) {

        /** From FUSION_PG_HOST, FUSION_PG_PORT, FUSION_PG_USER and FUSION_PG_PASSWORD; null when unset. */
        public static External fromEnvironment() {
            String host = System.getenv("FUSION_PG_HOST");
            if (host == null || host.isBlank()) {
                return null;
            }
            return new External(host, Integer.parseInt(System.getenv().getOrDefault("FUSION_PG_PORT", "5432")),
                    System.getenv().getOrDefault("FUSION_PG_USER", "postgres"),
                    System.getenv().getOrDefault("FUSION_PG_PASSWORD", ""));
        }
    }

    private static final Logger LOG = Logger.getLogger(PostgresServer.class.getName());

    private final Path dir;
    private final int port;
    private final External external;
    private final List<String> databases;
    private EmbeddedPostgres embedded;

    public PostgresServer(Path dir, int port, External external, List<String> databases) {
        this.dir = dir;
        this.port = external == null ? port : external.port();
        this.external = external;
        this.databases = List.copyOf(databases);
    }

    public String host() {
        return external == null ? "127.0.0.1" : external.host();
    }

    public int port() {
        return port;
    }

    public String username() {
        return external == null ? "postgres" : external.username();
    }

    public String password() {
        return external == null ? "postgres" : external.password();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    public void start() {
        if (external == null) {
            Ports.requireFree(port, "PostgreSQL");
            startEmbedded();
        }
        createDatabases();
        LOG.info("PostgreSQL ready on " + host() + ":" + port + " with databases " + databases);
    }

    private void startEmbedded() {
        try {
            Files.createDirectories(dir.resolve("work"));
            embedded = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    // room for the services' hot index pages and table tails: with 128 MB, a few hundred thousand
                    // reports made backends write out dirty pages and read them back on every insert
                    .setServerConfig("shared_buffers", "512MB")
                    // durable commits: what a service answered 201 for survives a crash of PostgreSQL (zonky's
                    // embedded server turns synchronous_commit off unless told otherwise)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new StackException("Cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void createDatabases() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
                Statement statement = connection.createStatement()) {
            for (String database : databases) {
                try (ResultSet rs = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new StackException("Cannot create the databases " + databases + " on " + host() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** Stops the embedded server, keeping its data: for fault tests. */
    public void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new StackException("Cannot stop PostgreSQL", e);
            } finally {
                embedded = null;
            }
        }
    }

    /**
     * Kills the embedded server as a crash would: SIGKILL to the postmaster and every backend at once, so nothing is
     * flushed or checkpointed on the way out. What it acknowledged must survive ({@code synchronous_commit=on}); for
     * fault tests. {@link #restart()} starts it again on the same data.
     */
    public void kill() {
        if (embedded == null) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
                all.add(postmaster);
                all.forEach(ProcessHandle::destroyForcibly);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                    ManagedProcess.sleep(Duration.ofMillis(20));
                }
            });
            LOG.info("PostgreSQL (postmaster " + pid + ") killed with SIGKILL");
            // releases the data directory's lock; its pg_ctl stop finds no server and only logs that
            embedded.close();
        } catch (IOException | RuntimeException e) {
            throw new StackException("Cannot kill the embedded PostgreSQL: " + e.getMessage(), e);
        } finally {
            embedded = null;
        }
    }

    /** Starts the embedded server again on the same data and port. */
    public void restart() {
        if (external == null && embedded == null) {
            startEmbedded();
        }
    }

    public boolean isEmbedded() {
        return external == null;
    }

    @Override
    public void close() {
        stop();
    }
}
