package org.fusionexchange.intake.messaging;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.fusionexchange.intake.repository.OutboxRepository;
import org.fusionexchange.intake.repository.OutboxRepository.Backlog;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;

/**
 * Watches the outbox backlog (what waits for Kafka, and since when) for the health check and the metrics, measured
 * once a second off the request path.
 */
@ApplicationScoped
public class OutboxMonitor {

    private static final Logger LOG = Logger.getLogger(OutboxMonitor.class);

    private final OutboxRepository outbox;
    private final MeterRegistry registry;
    private volatile Backlog backlog = new Backlog(0, null);
    private volatile Instant measuredAt;

    public OutboxMonitor(OutboxRepository outbox, MeterRegistry registry) {
        this.outbox = outbox;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("intake.outbox.backlog", this, m -> m.backlog.count())
                .description("Outbox messages not yet acknowledged by Kafka").register(registry);
        Gauge.builder("intake.outbox.oldest.age", this, m -> m.oldestAge().toMillis() / 1000.0)
                .description("Age of the oldest outbox message not yet acknowledged by Kafka")
                .baseUnit("seconds").register(registry);
    }

    /** The last measured backlog; {@link #measuredAt()} says when. */
    public Backlog backlog() {
        return backlog;
    }

    public Instant measuredAt() {
        return measuredAt;
    }

    /** How long the oldest waiting message has waited, zero when none waits. */
    public Duration oldestAge() {
        Instant oldest = backlog.oldest();
        return oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            backlog = QuarkusTransaction.requiringNew().call(outbox::backlog);
            measuredAt = Instant.now();
        } catch (RuntimeException e) {
            LOG.debugf("Cannot measure the outbox backlog: %s", e.toString());
        }
    }
}
