package org.fusionexchange.intake.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.fusionexchange.intake.messaging.OutboxMonitor;
import org.fusionexchange.intake.messaging.OutboxRelay;

/**
 * The outbox as data: how many messages wait for Kafka and for how long. A backlog does not make the service
 * unready: accepting reports while Kafka is away is what the outbox is for. A stopped relay does.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxMonitor monitor;
    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxMonitor monitor, OutboxRelay relay) {
        this.monitor = monitor;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox")
                .status(relay.isRunning())
                .withData("relay", relay.isRunning() ? "running" : "stopped")
                .withData("unpublished", monitor.backlog().count())
                .withData("oldestAgeSeconds", monitor.oldestAge().toSeconds());
        if (monitor.measuredAt() != null) {
            response.withData("measuredAt", monitor.measuredAt().toString());
        }
        return response.build();
    }
}
