package org.fusionexchange.directory.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class ProvisioningTaskRepository implements PanacheRepositoryBase<ProvisioningTaskEntity, Long> {

    /** Every unfinished task in the order it was enqueued; the worker keeps each agency's tasks in that order. */
    public List<ProvisioningTaskEntity> pending(int limit) {
        return find("doneAt is null", Sort.ascending("id")).page(0, limit).list();
    }

    public long countPending() {
        return count("doneAt is null");
    }

    /** The agency's unfinished tasks, oldest first: the order the worker works them in. */
    public List<ProvisioningTaskEntity> pendingOf(String agencyCode) {
        return list("agencyCode = ?1 and doneAt is null", Sort.ascending("id"), agencyCode);
    }

    /** The agency's most recently finished task, if any. */
    public Optional<ProvisioningTaskEntity> lastDoneOf(String agencyCode) {
        return find("agencyCode = ?1 and doneAt is not null", Sort.descending("doneAt", "id"), agencyCode)
                .firstResultOptional();
    }

    /** The most recent failure of a task still pending, if any. */
    public Optional<ProvisioningTaskEntity> lastFailure() {
        return find("doneAt is null and lastError is not null", Sort.descending("nextAttemptAt"))
                .firstResultOptional();
    }
}
