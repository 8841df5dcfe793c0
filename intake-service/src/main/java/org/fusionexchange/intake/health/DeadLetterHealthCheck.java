package org.fusionexchange.intake.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.fusionexchange.intake.messaging.DeadLetters;

/**
 * Records sent to a dead-letter topic: the service is degraded (someone should look at them) but not down, since
 * the records after them were processed. Always UP; {@code degraded} and {@code deadLetters} tell.
 */
@Readiness
@ApplicationScoped
public class DeadLetterHealthCheck implements HealthCheck {

    private final DeadLetters deadLetters;

    public DeadLetterHealthCheck(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public HealthCheckResponse call() {
        long count = deadLetters.count();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dead-letters").up()
                .withData("deadLetters", count)
                .withData("degraded", count > 0);
        if (deadLetters.last() != null) {
            response.withData("last", deadLetters.last());
        }
        return response.build();
    }
}
