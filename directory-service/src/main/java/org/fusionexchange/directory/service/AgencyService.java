package org.fusionexchange.directory.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.messaging.AgencyOutbox;
import org.fusionexchange.directory.repository.AgencyEntity;
import org.fusionexchange.directory.repository.AgencyRepository;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * The rules of the directory, reachable without HTTP. Every committed change writes the agency's snapshot to the
 * outbox and its Keycloak work to the provisioning queue, in the same transaction.
 */
@ApplicationScoped
@Transactional
public class AgencyService {

    private static final Logger LOG = Logger.getLogger(AgencyService.class);

    private final AgencyRepository agencies;
    private final AgencyOutbox outbox;
    private final ProvisioningTasks provisioning;
    private final Event<DirectoryChanged> changed;

    public AgencyService(AgencyRepository agencies, AgencyOutbox outbox, ProvisioningTasks provisioning,
            Event<DirectoryChanged> changed) {
        this.agencies = agencies;
        this.outbox = outbox;
        this.provisioning = provisioning;
        this.changed = changed;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Agency> list(AgencyFilter filter, int page, int size) {
        return agencies.page(filter, page, size).stream().map(Agency::from).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(AgencyFilter filter) {
        return agencies.count(filter);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Agency get(String code) {
        return byCode(code).map(Agency::from)
                .orElseThrow(() -> new DirectoryException.NotFound(code));
    }

    /** Where the agency's Keycloak provisioning stands; NotFound for an agency the directory does not know. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProvisioningState provisioning(String code) {
        if (byCode(code).isEmpty()) {
            throw new DirectoryException.NotFound(code);
        }
        return provisioning.stateOf(code);
    }

    /** The agency, empty when the directory does not know it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Agency> find(String code) {
        return byCode(code).map(Agency::from);
    }

    public Agency create(AgencyDraft draft, String actor) {
        check(draft);
        if (agencies.findByIdOptional(draft.code()).isPresent()) {
            throw new DirectoryException.Conflict("Agency " + draft.code() + " already exists; codes are never reused.");
        }
        Instant now = now();
        AgencyEntity agency = new AgencyEntity();
        agency.code = draft.code();
        agency.status = AgencyStatus.ACTIVE;
        agency.createdAt = now;
        agency.version = 0;
        apply(draft, agency, now);
        try {
            agencies.persist(agency);
            agencies.flush();
        } catch (ConstraintViolationException e) {
            // created by a concurrent request since the check above
            throw new DirectoryException.Conflict("Agency " + draft.code() + " already exists; codes are never reused.");
        }
        provisioning.enqueue(agency.code, ProvisioningAction.CREATE_GROUP);
        return committed(agency, "created", actor);
    }

    /**
     * Replaces the agency's description. The caller names the version it read; a change meanwhile is refused
     * rather than silently overwritten.
     */
    public Agency update(String code, AgencyDraft draft, long expectedVersion, String actor) {
        AgencyEntity agency = byCodeForUpdate(code).orElseThrow(() -> new DirectoryException.NotFound(code));
        if (agency.version != expectedVersion) {
            throw new DirectoryException.StaleVersion(code, agency.version);
        }
        AgencyDraft withCode = checkReplacement(code, draft);
        apply(withCode, agency, now());
        return committed(agency, "updated", actor);
    }

    /**
     * Whether the draft may replace agency {@code code}'s description, by the rules alone (not its version): the
     * draft with the path's code when it names none. Invalid when it breaks a rule or names another code.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public AgencyDraft checkReplacement(String code, AgencyDraft draft) {
        AgencyDraft withCode = new AgencyDraft(draft.code() == null ? code : draft.code(), draft.name(), draft.kind(),
                draft.country(), draft.jurisdictions(), draft.members(), draft.focus(), draft.contact(), draft.quota());
        if (!code.equals(withCode.code())) {
            throw new DirectoryException.Invalid(false, List.of(new Violation("/code",
                    "must be " + code + ", the code in the path; codes never change")));
        }
        check(withCode);
        return withCode;
    }

    public Agency suspend(String code, String actor, String actorAgency) {
        if (code.equals(actorAgency)) {
            throw new DirectoryException.Conflict("An administrator cannot suspend their own agency.");
        }
        return changeStatus(code, AgencyStatus.SUSPENDED, ProvisioningAction.SUSPEND, actor);
    }

    public Agency reinstate(String code, String actor) {
        return changeStatus(code, AgencyStatus.ACTIVE, ProvisioningAction.REINSTATE, actor);
    }

    /**
     * Writes a fresh snapshot of every agency to the outbox, for consumers rebuilding their view. The rows are read
     * share-locked: read without a lock, an agency suspended meanwhile could have its older, active snapshot written
     * after the suspension's, and the compacted topic would keep that one as the agency's last.
     */
    public int republishAll(String actor) {
        Instant now = Instant.now();
        List<AgencyEntity> all = agencies.listAllShareLocked();
        all.forEach(agency -> outbox.enqueue(Agency.from(agency), now));
        changed.fire(new DirectoryChanged(null));
        LOG.infof("Republication of %d agencies enqueued by %s", all.size(), actor);
        return all.size();
    }

    /** Suspending a suspended agency, or reinstating an active one, changes nothing and publishes nothing. */
    private Agency changeStatus(String code, AgencyStatus status, ProvisioningAction action, String actor) {
        AgencyEntity agency = byCodeForUpdate(code).orElseThrow(() -> new DirectoryException.NotFound(code));
        if (agency.status == status) {
            return Agency.from(agency);
        }
        agency.status = status;
        agency.updatedAt = now();
        provisioning.enqueue(code, action);
        return committed(agency, status == AgencyStatus.SUSPENDED ? "suspended" : "reinstated", actor);
    }

    private Agency committed(AgencyEntity agency, String what, String actor) {
        agency.version++;
        Agency result = Agency.from(agency);
        outbox.enqueue(result, agency.updatedAt);
        changed.fire(new DirectoryChanged(agency.code));
        LOG.infof("Agency %s %s by %s (version %d)", agency.code, what, actor, agency.version);
        return result;
    }

    private void check(AgencyDraft draft) {
        List<Violation> violations = new ArrayList<>(AgencyRules.check(draft));
        List<String> members = AgencyRules.orEmpty(draft.members());
        if (draft.kind() == AgencyKind.TASK_FORCE && !members.isEmpty()
                && violations.stream().noneMatch(v -> v.pointer().startsWith("/members"))) {
            List<String> existing = agencies.existing(members);
            for (int i = 0; i < members.size(); i++) {
                if (!existing.contains(members.get(i))) {
                    violations.add(new Violation("/members/" + i, "no agency " + members.get(i)
                            + " in the directory"));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new DirectoryException.Invalid(false, violations);
        }
    }

    private static void apply(AgencyDraft draft, AgencyEntity agency, Instant now) {
        agency.name = draft.name().strip();
        agency.kind = draft.kind();
        agency.country = draft.country();
        replace(agency.jurisdictions, List.copyOf(new LinkedHashSet<>(draft.jurisdictions())));
        replace(agency.members, AgencyRules.orEmpty(draft.members()));
        replace(agency.focus, List.copyOf(new LinkedHashSet<>(AgencyRules.orEmpty(draft.focus()))));
        agency.contactEmail = draft.contact() == null ? null : draft.contact().email();
        agency.contactPhone = draft.contact() == null ? null : draft.contact().phone();
        agency.quotaRequestsPerSecond = draft.quota() == null ? null : draft.quota().requestsPerSecond();
        agency.quotaBurst = draft.quota() == null ? null : draft.quota().burst();
        agency.updatedAt = now;
    }

    private static <T> void replace(List<T> current, List<T> wanted) {
        if (!current.equals(wanted)) {
            current.clear();
            current.addAll(wanted);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** No agency has a code outside the code format; such a code (NUL bytes included) never reaches the database. */
    private Optional<AgencyEntity> byCode(String code) {
        return AgencyRules.CODE.matcher(code).matches() ? agencies.findByIdOptional(code) : Optional.empty();
    }

    private Optional<AgencyEntity> byCodeForUpdate(String code) {
        return AgencyRules.CODE.matcher(code).matches() ? agencies.findForUpdate(code) : Optional.empty();
    }
}
