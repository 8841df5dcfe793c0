package org.fusionexchange.directory.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.config.DirectoryConfig;
import org.fusionexchange.directory.repository.ProvisioningTaskEntity;
import org.fusionexchange.directory.repository.ProvisioningTaskRepository;

/** The durable queue of Keycloak work: enqueued in the transaction of the change, worked after the commit. */
@ApplicationScoped
@Transactional
public class ProvisioningTasks {

    private static final int MAX_ERROR = 500;

    /** A task as the worker sees it, outside any transaction. */
    public record Task(long id, String agencyCode, ProvisioningAction action, int attempts, Instant nextAttemptAt) {
    }

    /** What the health check shows. */
    public record Backlog(long pending, Optional<String> lastError, Optional<Instant> nextAttemptAt) {
    }

    private final ProvisioningTaskRepository tasks;
    private final DirectoryConfig config;

    public ProvisioningTasks(ProvisioningTaskRepository tasks, DirectoryConfig config) {
        this.tasks = tasks;
        this.config = config;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String agencyCode, ProvisioningAction action) {
        ProvisioningTaskEntity task = new ProvisioningTaskEntity();
        task.agencyCode = agencyCode;
        task.action = action;
        task.createdAt = Instant.now();
        task.nextAttemptAt = task.createdAt;
        tasks.persist(task);
    }

    public List<Task> pending(int limit) {
        return tasks.pending(limit).stream()
                .map(t -> new Task(t.id, t.agencyCode, t.action, t.attempts, t.nextAttemptAt))
                .toList();
    }

    public void done(long id) {
        tasks.findByIdOptional(id).ifPresent(t -> {
            t.doneAt = Instant.now();
            t.lastError = null;
        });
    }

    /** Records the failure and pushes the next attempt back, doubling the wait up to the configured maximum. */
    public Instant failed(long id, String error) {
        ProvisioningTaskEntity task = tasks.findById(id);
        task.attempts++;
        task.lastError = error == null ? "unknown error"
                : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        task.nextAttemptAt = Instant.now().plus(backoff(task.attempts));
        return task.nextAttemptAt;
    }

    Duration backoff(int attempts) {
        Duration max = config.provisioning().maxBackoff();
        Duration wait = config.provisioning().initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** Where the agency's provisioning stands; see {@link ProvisioningState}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProvisioningState stateOf(String agencyCode) {
        return ProvisioningState.of(agencyCode,
                tasks.pendingOf(agencyCode).stream().map(ProvisioningTasks::view).toList(),
                tasks.lastDoneOf(agencyCode).map(ProvisioningTasks::view));
    }

    private static ProvisioningState.Task view(ProvisioningTaskEntity t) {
        return new ProvisioningState.Task(t.action, t.attempts, t.nextAttemptAt, t.doneAt);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Backlog backlog() {
        Optional<ProvisioningTaskEntity> failure = tasks.lastFailure();
        return new Backlog(tasks.countPending(), failure.map(t -> t.lastError),
                failure.map(t -> t.nextAttemptAt));
    }
}
