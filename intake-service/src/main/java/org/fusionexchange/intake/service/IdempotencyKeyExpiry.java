package org.fusionexchange.intake.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.fusionexchange.intake.config.IntakeConfig;
import org.fusionexchange.intake.repository.IdempotencyKeyRepository;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Forgets Idempotency-Keys past {@code intake.idempotency.retention} (a day by default), every 10 minutes: after
 * that, the same key starts a new report.
 */
@ApplicationScoped
public class IdempotencyKeyExpiry {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyExpiry.class);
    private static final Duration EVERY = Duration.ofMinutes(10);

    private final IdempotencyKeyRepository idempotencyKeys;
    private final Duration retention;
    private ScheduledExecutorService scheduler;

    public IdempotencyKeyExpiry(IdempotencyKeyRepository idempotencyKeys, IntakeConfig config) {
        this.idempotencyKeys = idempotencyKeys;
        this.retention = config.idempotency().retention();
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "idempotency-key-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::expireQuietly, 1, EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Deletes the keys created before now minus the retention; @return how many */
    public long expire() {
        Instant cutoff = Instant.now().minus(retention);
        long deleted = QuarkusTransaction.requiringNew().call(() -> idempotencyKeys.deleteCreatedBefore(cutoff));
        if (deleted > 0) {
            LOG.infof("Forgot %d Idempotency-Keys created before %s", deleted, cutoff);
        }
        return deleted;
    }

    private void expireQuietly() {
        try {
            expire();
        } catch (RuntimeException e) {
            LOG.warnf("Expiring Idempotency-Keys failed; trying again in %s: %s", EVERY, e.toString());
        }
    }
}
