package org.fusionexchange.intake.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Vacuums the outbox, outside any transaction. Every report's outbox row is inserted and deleted within moments, so
 * the table is all dead rows but for its last few: until they are vacuumed, the relay's query for the oldest pending
 * rows walks the primary key over every one of them. PostgreSQL's autovacuum comes at most once a minute by
 * default, after up to a million such rows at full pace, when that query took 14 to 24 ms and 1,900 buffers
 * (deploy/bench/README.md, session 33); the relay asks for a vacuum after each few thousand deletions instead
 * ({@link #request}), which runs on a thread of its own, one at a time, so that the relay never waits for it.
 * <p>
 * {@code SKIP_LOCKED}: a vacuum already under way (autovacuum's) is left to finish. {@code TRUNCATE false}: giving
 * the table's empty end back to the file system needs its exclusive lock, which a vacuum tries to take for up to 5 s
 * while reports keep the table busy; the space is reused anyway. Run by a role that does not own the table,
 * PostgreSQL skips it with a warning and nothing else happens.
 */
@ApplicationScoped
public class OutboxVacuum {

    private static final Logger LOG = Logger.getLogger(OutboxVacuum.class);

    private final DataSource dataSource;
    private final Timer vacuums;
    private final AtomicBoolean underWay = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-vacuum");
        t.setDaemon(true);
        return t;
    });

    public OutboxVacuum(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.vacuums = Timer.builder("intake.outbox.vacuum")
                .description("vacuums of the outbox the relay asked for, and how long each took")
                .register(registry);
    }

    /** Starts a vacuum on its own thread and returns at once; nothing when one is still under way. */
    public void request() {
        if (!underWay.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    run();
                } catch (SQLException | RuntimeException e) {
                    LOG.warnf("Vacuuming the outbox failed; the relay goes on: %s", e.toString());
                } finally {
                    underWay.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            underWay.set(false); // shutting down
        }
    }

    /** Vacuums the outbox now, on the caller's thread. */
    public void run() throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement vacuum = connection.createStatement()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            vacuum.execute("VACUUM (SKIP_LOCKED, TRUNCATE false) outbox");
        }
        vacuums.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }
}
