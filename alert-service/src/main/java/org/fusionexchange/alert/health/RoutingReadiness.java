package org.fusionexchange.alert.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.fusionexchange.alert.messaging.AlertFeed;
import org.fusionexchange.alert.messaging.AlertProjection;
import org.fusionexchange.alert.messaging.RoutingStreams;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.LiveAlerts;

/**
 * Ready once the directory view has caught up with {@code directory.agencies} (routing before that could miss
 * agencies), the routing streams run, the projection into PostgreSQL runs, and the live feed follows the alerts
 * topic.
 */
@Readiness
@ApplicationScoped
public class RoutingReadiness implements HealthCheck {

    private final DirectoryView directory;
    private final RoutingStreams routing;
    private final AlertProjection projection;
    private final AlertFeed feed;
    private final LiveAlerts live;

    public RoutingReadiness(DirectoryView directory, RoutingStreams routing, AlertProjection projection,
            AlertFeed feed, LiveAlerts live) {
        this.directory = directory;
        this.routing = routing;
        this.projection = projection;
        this.feed = feed;
        this.live = live;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = directory.caughtUp() && routing.running() && projection.alive() && feed.alive()
                && feed.assigned();
        return HealthCheckResponse.named("alert-routing").status(up)
                .withData("directoryCaughtUp", directory.caughtUp())
                .withData("directoryView", directory.caughtUp() ? "current"
                        : directory.servingPersisted() ? "persisted" : "not loaded")
                .withData("agencies", directory.size())
                .withData("routingStreams", routing.state())
                .withData("projection", projection.alive())
                .withData("alertFeed", feed.alive() && feed.assigned())
                .withData("streams", live.listeners())
                .build();
    }
}
