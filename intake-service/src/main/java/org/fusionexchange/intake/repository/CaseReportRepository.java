package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CaseReportRepository implements PanacheRepositoryBase<CaseReportEntity, UUID> {

    /** A report of the agency, locked for a change; null when the agency has no such report. */
    public CaseReportEntity findOfAgencyForUpdate(UUID id, String agency) {
        CaseReportEntity report = findById(id, LockModeType.PESSIMISTIC_WRITE);
        return report != null && report.agency.equals(agency) ? report : null;
    }

    /** Where a report sits in its agency's list, newest first: the key of the index the list reads. */
    public record Position(Instant receivedAt, UUID id) {
    }

    /** What a list shows of a report: its columns, not its body. */
    public record Row(UUID id, String externalRef, String type, int version, String status, Instant receivedAt,
            Instant updatedAt) {

        public Position position() {
            return new Position(receivedAt, id);
        }
    }

    /**
     * Up to {@code limit} of the agency's reports received since {@code since} (if given) of the type (if given),
     * newest first, starting after {@code after} (if given): a keyset page that reads O(limit) entries of the index
     * (agency, received_at, id) however many reports the agency has, then {@code offset} more rows when one is given
     * (the older numbered pages).
     */
    public List<Row> page(String agency, String type, Instant since, Position after, int offset, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = filter(agency, type, since, params);
        if (after != null) {
            // a row comparison, which PostgreSQL answers as one range of the index
            where.append(" and (r.receivedAt, r.id) < (:afterAt, :afterId)");
            params.put("afterAt", after.receivedAt());
            params.put("afterId", after.id());
        }
        TypedQuery<Row> query = getEntityManager().createQuery("select new " + Row.class.getName()
                + "(r.id, r.externalRef, r.type, r.version, r.status, r.receivedAt, r.updatedAt)"
                + " from CaseReportEntity r where " + where + " order by r.receivedAt desc, r.id desc", Row.class)
                .setFirstResult(offset)
                .setMaxResults(limit);
        params.forEach(query::setParameter);
        return query.getResultList();
    }

    /** How many reports {@link #page} would list in all: a count of every matching row, O(n). */
    public long count(String agency, String type, Instant since) {
        Map<String, Object> params = new HashMap<>();
        TypedQuery<Long> query = getEntityManager().createQuery(
                "select count(r) from CaseReportEntity r where " + filter(agency, type, since, params), Long.class);
        params.forEach(query::setParameter);
        return query.getSingleResult();
    }

    /** The list's filters on the alias r: the agency's reports, of the type and received since, when given. */
    private static StringBuilder filter(String agency, String type, Instant since, Map<String, Object> params) {
        StringBuilder where = new StringBuilder("r.agency = :agency");
        params.put("agency", agency);
        if (type != null) {
            where.append(" and r.type = :type");
            params.put("type", type);
        }
        if (since != null) {
            where.append(" and r.receivedAt >= :since");
            params.put("since", since);
        }
        return where;
    }
}
