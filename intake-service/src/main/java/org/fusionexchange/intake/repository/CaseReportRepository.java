package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

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
        StringBuilder query = new StringBuilder("select new " + Row.class.getName()
                + "(r.id, r.externalRef, r.type, r.version, r.status, r.receivedAt, r.updatedAt)"
                + " from CaseReportEntity r where r.agency = :agency");
        if (type != null) {
            query.append(" and r.type = :type");
        }
        if (since != null) {
            query.append(" and r.receivedAt >= :since");
        }
        if (after != null) {
            // a row comparison, which PostgreSQL answers as one range of the index
            query.append(" and (r.receivedAt, r.id) < (:afterAt, :afterId)");
        }
        query.append(" order by r.receivedAt desc, r.id desc");
        TypedQuery<Row> typed = getEntityManager().createQuery(query.toString(), Row.class)
                .setParameter("agency", agency)
                .setFirstResult(offset)
                .setMaxResults(limit);
        if (type != null) {
            typed.setParameter("type", type);
        }
        if (since != null) {
            typed.setParameter("since", since);
        }
        if (after != null) {
            typed.setParameter("afterAt", after.receivedAt()).setParameter("afterId", after.id());
        }
        return typed.getResultList();
    }

    /** How many reports {@link #page} would list in all: a count of every matching row, O(n). */
    public long count(String agency, String type, Instant since) {
        StringBuilder query = new StringBuilder("agency = :agency");
        Parameters params = Parameters.with("agency", agency);
        if (type != null) {
            query.append(" and type = :type");
            params.and("type", type);
        }
        if (since != null) {
            query.append(" and receivedAt >= :since");
            params.and("since", since);
        }
        return count(query.toString(), params);
    }
}
