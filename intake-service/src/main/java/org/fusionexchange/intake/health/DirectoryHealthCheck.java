package org.fusionexchange.intake.health;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.fusionexchange.intake.service.AgencyDirectory;

/**
 * The directory view: DOWN until it may be served (read up to the end offsets found at start, or persisted by an
 * earlier run while Kafka stays away), since until then every /api request is answered 503. {@code source} says
 * which view is served; {@code persisted} means Kafka has not been read since the start.
 */
@Readiness
@ApplicationScoped
public class DirectoryHealthCheck implements HealthCheck {

    private final AgencyDirectory directory;

    public DirectoryHealthCheck(AgencyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("directory")
                .status(directory.ready())
                .withData("source", directory.source().name().toLowerCase(Locale.ROOT))
                .withData("agencies", directory.size())
                .build();
    }
}
