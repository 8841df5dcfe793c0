package org.fusionexchange.intake.service;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.intake.config.IntakeConfig;
import org.fusionexchange.intake.repository.IdempotencyKeyRepository;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Forgets Idempotency-Keys past {@code intake.idempotency.retention} (a day by default), every 10 minutes: after
 * that, the same key starts a new report.
 */
@ApplicationScoped
public class IdempotencyKeyExpiry {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyExpiry.class);
    private static final String EVERY = "10m";

    private final IdempotencyKeyRepository idempotencyKeys;
    private final Duration retention;

    public IdempotencyKeyExpiry(IdempotencyKeyRepository idempotencyKeys, IntakeConfig config) {
        this.idempotencyKeys = idempotencyKeys;
        this.retention = config.idempotency().retention();
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

    @Scheduled(every = EVERY, delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireQuietly() {
        try {
            expire();
        } catch (RuntimeException e) {
            LOG.warnf("Expiring Idempotency-Keys failed; trying again in %s: %s", EVERY, e.toString());
        }
    }
}
