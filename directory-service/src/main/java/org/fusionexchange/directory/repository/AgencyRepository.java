package org.fusionexchange.directory.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.fusionexchange.directory.service.AgencyFilter;
import org.fusionexchange.directory.service.AgencyStatus;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class AgencyRepository implements PanacheRepositoryBase<AgencyEntity, String> {

    /**
     * Containment both ways: the agency has a jurisdiction equal to the one asked, inside it, or containing it.
     * Stored jurisdictions are validated codes (letters, digits, dashes), so they hold no LIKE wildcards.
     */
    private static final String JURISDICTION = "code in (select x.code from AgencyEntity x join x.jurisdictions j"
            + " where j = :jurisdiction or j like :inside escape '!' or :jurisdiction like concat(j, '-%'))";
    private static final String TEXT = "(lower(code) like :text escape '!' or lower(name) like :text escape '!')";

    /** One page of the agencies matching the filter, by code: unique, so the order is stable across pages. */
    public List<AgencyEntity> page(AgencyFilter filter, int page, int size) {
        Where where = where(filter);
        if (where.clause.isEmpty()) {
            return findAll(Sort.ascending("code")).page(page, size).list();
        }
        return find(where.clause, Sort.ascending("code"), where.parameters).page(page, size).list();
    }

    public long count(AgencyFilter filter) {
        Where where = where(filter);
        return where.clause.isEmpty() ? count() : count(where.clause, where.parameters);
    }

    /** The agency, its row locked until the transaction ends: changes to one agency are serialised. */
    /**
     * Every agency, each row share-locked until the transaction ends (PostgreSQL's {@code FOR SHARE}): a change of an
     * agency (which locks its row for update) waits for the transaction, or the transaction reads it once committed.
     * So what the transaction writes of an agency is never older than a change written to the outbox before it.
     */
    public List<AgencyEntity> listAllShareLocked() {
        return findAll(Sort.by("code")).withLock(LockModeType.PESSIMISTIC_READ).list();
    }

    public Optional<AgencyEntity> findForUpdate(String code) {
        return findByIdOptional(code, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The codes among those given that exist in the directory. */
    public List<String> existing(List<String> codes) {
        if (codes.isEmpty()) {
            return List.of();
        }
        return getEntityManager()
                .createQuery("select a.code from AgencyEntity a where a.code in :codes", String.class)
                .setParameter("codes", codes)
                .getResultList();
    }

    public List<String> allCodes() {
        return getEntityManager().createQuery("select a.code from AgencyEntity a order by a.code", String.class)
                .getResultList();
    }

    /**
     * The suspended agencies whose Keycloak work is all done: the others still have a task that the worker runs in
     * order (their suspension, or a reinstatement waiting for Keycloak), and a sweep in between would disorder it.
     */
    public List<String> suspendedAndProvisioned() {
        return getEntityManager().createQuery("select a.code from AgencyEntity a where a.status = :suspended"
                + " and not exists (select t.id from ProvisioningTaskEntity t"
                + " where t.agencyCode = a.code and t.doneAt is null) order by a.code", String.class)
                .setParameter("suspended", AgencyStatus.SUSPENDED)
                .getResultList();
    }

    private record Where(String clause, Parameters parameters) {
    }

    private static Where where(AgencyFilter filter) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        filter.jurisdiction().ifPresent(j -> {
            conditions.add(JURISDICTION);
            parameters.and("jurisdiction", j).and("inside", escapeLike(j) + "-%");
        });
        filter.kind().ifPresent(kind -> {
            conditions.add("kind = :kind");
            parameters.and("kind", kind);
        });
        filter.status().ifPresent(status -> {
            conditions.add("status = :status");
            parameters.and("status", status);
        });
        filter.text().ifPresent(text -> {
            conditions.add(TEXT);
            parameters.and("text", "%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%");
        });
        return new Where(String.join(" and ", conditions), parameters);
    }

    static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
