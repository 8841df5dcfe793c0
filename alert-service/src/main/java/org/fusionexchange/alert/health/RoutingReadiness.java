package org.fusionexchange.alert.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.fusionexchange.alert.messaging.AlertFeed;
import org.fusionexchange.alert.messaging.CaseReportConsumer;
import org.fusionexchange.alert.messaging.OutboxRelay;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.LiveAlerts;

/**
 * Ready once the directory view has caught up with {@code directory.agencies} (routing before that could miss
 * agencies), the live feed follows the alerts topic, and the consumer and the relay are running.
 */
@Readiness
@ApplicationScoped
public class RoutingReadiness implements HealthCheck {

    private final DirectoryView directory;
    private final CaseReportConsumer consumer;
    private final OutboxRelay relay;
    private final AlertFeed feed;
    private final LiveAlerts live;

    public RoutingReadiness(DirectoryView directory, CaseReportConsumer consumer, OutboxRelay relay, AlertFeed feed,
            LiveAlerts live) {
        this.directory = directory;
        this.consumer = consumer;
        this.relay = relay;
        this.feed = feed;
        this.live = live;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = directory.caughtUp() && consumer.alive() && relay.alive() && feed.alive() && feed.assigned();
        return HealthCheckResponse.named("alert-routing").status(up)
                .withData("directoryCaughtUp", directory.caughtUp())
                .withData("directoryView", directory.caughtUp() ? "current"
                        : directory.servingPersisted() ? "persisted" : "not loaded")
                .withData("agencies", directory.size())
                .withData("caseReportConsumer", consumer.alive())
                .withData("outboxRelay", relay.alive())
                .withData("alertFeed", feed.alive() && feed.assigned())
                .withData("streams", live.listeners())
                .build();
    }
}
