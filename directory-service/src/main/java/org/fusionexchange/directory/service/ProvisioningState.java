package org.fusionexchange.directory.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where an agency's Keycloak provisioning stands, for administrators: whether work is waiting, and when it last
 * succeeded. It never carries a task's error text, which names hosts and exceptions; the log has it.
 *
 * @param agency the agency's code
 * @param state IN_SYNC (no task waiting), PENDING (tasks waiting, none failed yet), FAILING (a waiting task failed
 *        at least once; the worker retries with a growing backoff)
 * @param pending how many of the agency's tasks wait
 * @param lastAction the agency's most recent task: the newest waiting one, else the newest done; null if none
 * @param lastDoneAt when the agency's most recently finished task finished; null if none has
 * @param nextAttemptAt when the worker next tries the first waiting task (it holds the later ones back); null in sync
 * @param attempts how often that first waiting task has failed; 0 in sync
 */
public record ProvisioningState(
        @Schema(required = true, pattern = AgencyRules.CODE_PATTERN, maxLength = 32, example = "TAMPA-PD")
        String agency,
        @Schema(required = true) State state,
        @Schema(required = true, minimum = "0", maximum = "9223372036854775807") long pending,
        @Schema(nullable = true) ProvisioningAction lastAction,
        @Schema(nullable = true, maxLength = 30, format = "date-time") Instant lastDoneAt,
        @Schema(nullable = true, maxLength = 30, format = "date-time") Instant nextAttemptAt,
        @Schema(required = true, minimum = "0", maximum = "2147483647") int attempts) {

    public enum State {
        IN_SYNC, PENDING, FAILING
    }

    /** A task of the agency as this view needs it. */
    public record Task(ProvisioningAction action, int attempts, Instant nextAttemptAt, Instant doneAt) {
    }

    /**
     * The state from the agency's waiting tasks, oldest first, and its most recently finished task.
     */
    public static ProvisioningState of(String agency, List<Task> waiting, Optional<Task> lastDone) {
        Instant lastDoneAt = lastDone.map(Task::doneAt).orElse(null);
        if (waiting.isEmpty()) {
            return new ProvisioningState(agency, State.IN_SYNC, 0, lastDone.map(Task::action).orElse(null),
                    lastDoneAt, null, 0);
        }
        Task first = waiting.get(0);
        boolean failing = waiting.stream().anyMatch(t -> t.attempts() > 0);
        return new ProvisioningState(agency, failing ? State.FAILING : State.PENDING, waiting.size(),
                waiting.get(waiting.size() - 1).action(), lastDoneAt, first.nextAttemptAt(), first.attempts());
    }
}
