package org.fusionexchange.directory.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.fusionexchange.directory.messaging.OutboxRelay;
import org.fusionexchange.directory.repository.OutboxMessageRepository;
import org.fusionexchange.directory.service.ProvisioningTasks;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The work the directory still owes: outbox messages not yet acknowledged by Kafka and Keycloak provisioning
 * tasks not yet done. Reported as data and always UP: the directory answers and commits changes while Kafka or
 * Keycloak is away, and catches up when they return. Health is unauthenticated, so it says that publishing or
 * provisioning is failing but not why: the error text (hosts, ports, exception messages) goes to the log only.
 */
@Readiness
@ApplicationScoped
public class DirectoryBacklogCheck implements HealthCheck {

    public static final String NAME = "directory-backlog";

    private final OutboxMessageRepository outbox;
    private final OutboxRelay relay;
    private final ProvisioningTasks provisioning;

    public DirectoryBacklogCheck(OutboxMessageRepository outbox, OutboxRelay relay, ProvisioningTasks provisioning) {
        this.outbox = outbox;
        this.relay = relay;
        this.provisioning = provisioning;
    }

    @Override
    public HealthCheckResponse call() {
        return QuarkusTransaction.requiringNew().call(() -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up()
                    .withData("outboxPending", outbox.countUnsent());
            outbox.oldestUnsent().ifPresent(t -> response.withData("outboxOldestPending", t.toString()));
            response.withData("outboxFailing", relay.lastError() != null);
            ProvisioningTasks.Backlog backlog = provisioning.backlog();
            response.withData("provisioningPending", backlog.pending());
            response.withData("provisioningFailing", backlog.lastError().isPresent());
            backlog.nextAttemptAt().ifPresent(t -> response.withData("provisioningNextAttempt", t.toString()));
            return response.build();
        });
    }
}
