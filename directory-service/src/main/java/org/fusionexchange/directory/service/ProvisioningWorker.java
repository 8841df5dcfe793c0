package org.fusionexchange.directory.service;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.fusionexchange.directory.client.KeycloakAgencyGroups;
import org.fusionexchange.directory.client.KeycloakAgencyGroups.Member;
import org.fusionexchange.directory.repository.AgencyRepository;
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
 * itself keeps working meanwhile.
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
    private final BackgroundLoop loop = new BackgroundLoop("keycloak-provisioning", this::work);

    public ProvisioningWorker(ProvisioningTasks tasks, KeycloakAgencyGroups keycloak, AgencyRepository agencies,
            SuspendedUserRepository suspendedUsers) {
        this.tasks = tasks;
        this.keycloak = keycloak;
        this.agencies = agencies;
        this.suspendedUsers = suspendedUsers;
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

    /** One pass over the pending tasks; public for tests that do not want to wait for the next poll. */
    public void work() {
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
     * Disables the group's enabled members, recording each one before disabling it: after a crash in between, the
     * retry finds the user either still enabled or already recorded, so reinstatement enables exactly these.
     */
    private void suspend(String code) {
        String groupId = keycloak.ensureGroup(code);
        for (Member member : keycloak.members(groupId)) {
            if (!member.enabled()) {
                continue;
            }
            QuarkusTransaction.requiringNew().run(() -> record(code, member));
            keycloak.disable(member.id());
            LOG.infof("Disabled Keycloak user %s of suspended agency %s", member.username(), code);
        }
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

    private void reinstate(String code) {
        List<SuspendedUserEntity> disabled = QuarkusTransaction.requiringNew()
                .call(() -> suspendedUsers.ofAgency(code));
        for (SuspendedUserEntity user : disabled) {
            if (!keycloak.enable(user.key.userId())) {
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
