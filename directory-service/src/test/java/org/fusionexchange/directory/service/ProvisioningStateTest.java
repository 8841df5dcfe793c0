package org.fusionexchange.directory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.fusionexchange.directory.service.ProvisioningState.State;
import org.fusionexchange.directory.service.ProvisioningState.Task;
import org.junit.jupiter.api.Test;

/** An agency's provisioning state from its tasks: in sync, pending, failing. */
class ProvisioningStateTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-02T10:05:00Z");
    private static final Instant T2 = Instant.parse("2026-12-02T10:06:00Z");

    @Test
    void noWaitingTaskIsInSyncWithTheLastDoneTask() {
        ProvisioningState state = ProvisioningState.of("TAMPA-PD", List.of(),
                Optional.of(new Task(ProvisioningAction.SUSPEND, 2, T0, T1)));
        assertEquals(new ProvisioningState("TAMPA-PD", State.IN_SYNC, 0, ProvisioningAction.SUSPEND, T1, null, 0),
                state);
    }

    @Test
    void anAgencyWithoutAnyTaskIsInSyncWithNothingDone() {
        ProvisioningState state = ProvisioningState.of("DEA", List.of(), Optional.empty());
        assertEquals(State.IN_SYNC, state.state());
        assertNull(state.lastAction());
        assertNull(state.lastDoneAt());
    }

    @Test
    void waitingTasksNotYetFailedArePendingAndTheNewestIsTheLastAction() {
        ProvisioningState state = ProvisioningState.of("TAMPA-PD",
                List.of(new Task(ProvisioningAction.SUSPEND, 0, T1, null),
                        new Task(ProvisioningAction.REINSTATE, 0, T2, null)),
                Optional.of(new Task(ProvisioningAction.CREATE_GROUP, 0, T0, T0)));
        assertEquals(new ProvisioningState("TAMPA-PD", State.PENDING, 2, ProvisioningAction.REINSTATE, T0, T1, 0),
                state);
    }

    @Test
    void aWaitingTaskThatFailedOnceIsFailingWithTheFirstTasksAttemptsAndNextAttempt() {
        ProvisioningState state = ProvisioningState.of("TAMPA-PD",
                List.of(new Task(ProvisioningAction.SUSPEND, 3, T2, null)), Optional.empty());
        assertEquals(new ProvisioningState("TAMPA-PD", State.FAILING, 1, ProvisioningAction.SUSPEND, null, T2, 3),
                state);
    }
}
