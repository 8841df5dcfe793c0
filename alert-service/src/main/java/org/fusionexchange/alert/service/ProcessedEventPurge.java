package org.fusionexchange.alert.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.repository.ProcessedEventRepository;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the record of processed report events from growing without end: every {@code purge-every}, deletes the
 * events processed longer ago than {@code alert.processed-events.retention}, a bounded number per transaction.
 */
@ApplicationScoped
public class ProcessedEventPurge {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPurge.class);
    static final int ROWS_PER_TRANSACTION = 10_000;

    private final ProcessedEventRepository processed;
    private final AlertConfig.ProcessedEvents config;

    public ProcessedEventPurge(ProcessedEventRepository processed, AlertConfig config) {
        this.processed = processed;
        this.config = config.processedEvents();
    }

    /** Deletes every event processed before now minus the retention; @return how many */
    public long purge() {
        Instant cutoff = Instant.now().minus(config.retention());
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew()
                    .call(() -> processed.deleteProcessedBefore(cutoff, ROWS_PER_TRANSACTION));
            total += deleted;
        } while (deleted == ROWS_PER_TRANSACTION && !Thread.currentThread().isInterrupted());
        if (total > 0) {
            LOG.infof("Forgot %d report events processed before %s", total, cutoff);
        }
        return total;
    }

    @Scheduled(every = "${alert.processed-events.purge-every}", delayed = "${alert.processed-events.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warnf("Purging processed report events failed; trying again in %s: %s", config.purgeEvery(),
                    e.toString());
        }
    }
}
