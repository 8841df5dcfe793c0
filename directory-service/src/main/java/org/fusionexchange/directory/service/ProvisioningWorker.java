package org.fusionexchange.directory.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.fusionexchange.directory.client.KeycloakAgencyGroups;
import org.fusionexchange.directory.client.KeycloakAgencyGroups.Member;
import org.fusionexchange.directory.config.DirectoryConfig;
import org.fusionexchange.directory.repository.AgencyRepository;
import org.fusionexchange.directory.repository.InstanceLock;
import org.fusionexchange.directory.repository.SuspendedUserEntity;
import org.fusionexchange.directory.repository.SuspendedUserRepository;
import org.fusionexchange.directory.service.ProvisioningTasks.Task;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Works the provisioning tasks against Keycloak, each agency's in the order they were enqueued. A failure (Keycloak
 * down, say) leaves the task pending with a growing backoff and holds back that agency's later tasks; the directory
 * itself keeps working meanwhile. Between tasks it sweeps the suspended agencies, so that a member added or enabled
 * by hand during a suspension is disabled too.
 *
 * <p>The rule for reinstatement: a user is enabled again only if this service's suspension disabled it (a row in
 * {@code suspended_user}, written before the user is disabled) and it is still a member of the agency's group or
 * of one of its subgroups. A user disabled by an administrator, before or during the suspension, has no row; a user
 * an administrator took out of the agency during the suspension is no longer a member. Both stay disabled.
 */
@ApplicationScoped
public class ProvisioningWorker {

    private static final Logger LOG = Logger.getLogger(ProvisioningWorker.class);
    private static final int BATCH = 200;
    private static final String WHOLE_DIRECTORY = "";

    private final ProvisioningTasks tasks;
    private final KeycloakAgencyGroups keycloak;
    private final AgencyRepository agencies;
    private final SuspendedUserRepository suspendedUsers;
    private final InstanceLock lock;
    private final Duration sweepInterval;
    private final BackgroundLoop loop = new BackgroundLoop("keycloak-provisioning", this::work);
    private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.EPOCH);

    public ProvisioningWorker(ProvisioningTasks tasks, KeycloakAgencyGroups keycloak, AgencyRepository agencies,
            SuspendedUserRepository suspendedUsers, InstanceLock lock, DirectoryConfig config) {
        this.tasks = tasks;
        this.lock = lock;
        this.keycloak = keycloak;
        this.agencies = agencies;
        this.suspendedUsers = suspendedUsers;
        this.sweepInterval = config.provisioning().suspensionSweepInterval();
    }

    /** The start-up reconciliation: every agency of the directory gets its group if it is missing. */
    void onStart(@Observes StartupEvent start) {
        enqueueReconciliation();
    }

    public void enqueueReconciliation() {
        QuarkusTransaction.requiringNew().run(() -> tasks.enqueue(null, ProvisioningAction.RECONCILE));
        loop.wake();
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) DirectoryChanged change) {
        loop.wake();
    }

    @Scheduled(every = "${directory.provisioning.poll-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        loop.wake();
    }

    /**
     * One pass over the pending tasks, by one instance of the service at a time: two instances working an agency's
     * SUSPEND and REINSTATE side by side could leave its users enabled while the directory says suspended, or disabled
     * after a reinstatement. Another instance's pass in progress makes this one a no-op; the next poll tries again.
     * Public for tests that do not want to wait for the next poll.
     */
    public void work() {
        if (!lock.runAlone(InstanceLock.PROVISIONING, this::pass)) {
            LOG.debug("Keycloak provisioning: another instance is working the tasks");
        }
    }

    private void pass() {
        Instant now = Instant.now();
        Set<String> heldBack = new HashSet<>();
        for (Task task : QuarkusTransaction.requiringNew().call(() -> tasks.pending(BATCH))) {
            String agency = task.agencyCode() == null ? WHOLE_DIRECTORY : task.agencyCode();
            if (heldBack.contains(agency)) {
                continue;
            }
            if (task.nextAttemptAt().isAfter(now)) {
                heldBack.add(agency);
                continue;
            }
            try {
                perform(task);
                QuarkusTransaction.requiringNew().run(() -> tasks.done(task.id()));
                LOG.infof("Keycloak provisioning done: %s %s", task.action(), agency);
            } catch (RuntimeException e) {
                heldBack.add(agency);
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                Instant next = QuarkusTransaction.requiringNew().call(() -> tasks.failed(task.id(), error));
                LOG.warnf("Keycloak provisioning %s %s failed (attempt %d), next attempt at %s: %s", task.action(),
                        agency, task.attempts() + 1, next, error);
                renewToken(e);
            }
        }
        Instant due = nextSweep.get();
        if (!now.isBefore(due) && nextSweep.compareAndSet(due, now.plus(sweepInterval))) {
            sweepSuspended();
        }
    }

    /**
     * Brings every suspended agency, whose own tasks are done, back to "no member enabled". A failure is logged and
     * left to the next sweep; it holds back no task.
     */
    private void sweepSuspended() {
        for (String code : QuarkusTransaction.requiringNew().call(agencies::suspendedAndProvisioned)) {
            try {
                int disabled = suspend(code);
                if (disabled > 0) {
                    LOG.warnf("Suspension sweep: disabled %d Keycloak users added to or enabled in suspended agency"
                            + " %s", disabled, code);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Suspension sweep of agency %s failed; retried at the next sweep: %s: %s", code,
                        e.getClass().getSimpleName(), e.getMessage());
                renewToken(e);
                return;
            }
        }
    }

    private void renewToken(RuntimeException failure) {
        try {
            keycloak.renewTokenIfRefused(failure);
        } catch (RuntimeException e) {
            LOG.debugf("Could not renew the Keycloak admin token: %s", e.getMessage());
        }
    }

    private void perform(Task task) {
        switch (task.action()) {
            case CREATE_GROUP -> keycloak.ensureGroup(task.agencyCode());
            case SUSPEND -> suspend(task.agencyCode());
            case REINSTATE -> reinstate(task.agencyCode());
            case RECONCILE -> reconcile();
        }
    }

    /**
     * Disables the enabled members of the group and its subgroups, recording each one before disabling it: after a
     * crash in between, the retry finds the user either still enabled or already recorded, so reinstatement enables
     * exactly these. Answers how many it disabled.
     */
    private int suspend(String code) {
        String groupId = keycloak.ensureGroup(code);
        int disabled = 0;
        for (Member member : keycloak.members(groupId)) {
            if (!member.enabled()) {
                continue;
            }
            QuarkusTransaction.requiringNew().run(() -> record(code, member));
            keycloak.disable(member.id());
            disabled++;
            LOG.infof("Disabled Keycloak user %s of suspended agency %s", member.username(), code);
        }
        return disabled;
    }

    private void record(String code, Member member) {
        SuspendedUserEntity.Key key = new SuspendedUserEntity.Key(code, member.id());
        if (suspendedUsers.findByIdOptional(key).isEmpty()) {
            SuspendedUserEntity user = new SuspendedUserEntity();
            user.key = key;
            user.username = member.username();
            user.disabledAt = Instant.now();
            suspendedUsers.persist(user);
        }
    }

    /** Enables the recorded users that are still members of the agency; the class comment gives the rule. */
    private void reinstate(String code) {
        List<SuspendedUserEntity> disabled = QuarkusTransaction.requiringNew()
                .call(() -> suspendedUsers.ofAgency(code));
        if (disabled.isEmpty()) {
            return;
        }
        Set<String> members = keycloak.members(keycloak.ensureGroup(code)).stream().map(Member::id)
                .collect(Collectors.toSet());
        for (SuspendedUserEntity user : disabled) {
            if (!members.contains(user.key.userId())) {
                LOG.infof("Keycloak user %s left agency %s during its suspension; it stays as it is", user.username,
                        code);
            } else if (!keycloak.enable(user.key.userId())) {
                LOG.infof("Keycloak user %s of agency %s no longer exists", user.username, code);
            } else {
                LOG.infof("Enabled Keycloak user %s of reinstated agency %s", user.username, code);
            }
            QuarkusTransaction.requiringNew().run(() -> suspendedUsers.deleteById(user.key));
        }
    }

    private void reconcile() {
        Set<String> present = keycloak.agencyGroups();
        List<String> missing = QuarkusTransaction.requiringNew().call(agencies::allCodes).stream()
                .filter(code -> !present.contains(code))
                .toList();
        if (!missing.isEmpty()) {
            QuarkusTransaction.requiringNew()
                    .run(() -> missing.forEach(code -> tasks.enqueue(code, ProvisioningAction.CREATE_GROUP)));
            LOG.infof("Reconciliation: %d agencies lack their Keycloak group; creating them", missing.size());
            loop.wake();
        }
    }

    @PreDestroy
    void close() {
        loop.close();
    }
}
