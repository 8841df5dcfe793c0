package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<AlertEntity, UUID> {

    /** Filters of an agency's alert list; null means no filter. */
    public record Filter(String recipient, String topic, Instant since, Boolean acknowledged) {
    }

    public Optional<AlertEntity> findForRecipient(UUID id, String recipient) {
        return find("id = ?1 and recipient = ?2", id, recipient).firstResultOptional();
    }

    /** Newest first. */
    public PanacheQuery<AlertEntity> list(Filter filter, int page, int size) {
        List<String> where = new ArrayList<>(List.of("recipient = :recipient"));
        Parameters params = Parameters.with("recipient", filter.recipient());
        if (filter.topic() != null) {
            where.add("topic = :topic");
            params.and("topic", filter.topic());
        }
        if (filter.since() != null) {
            where.add("createdAt >= :since");
            params.and("since", filter.since());
        }
        if (filter.acknowledged() != null) {
            where.add(filter.acknowledged() ? "acknowledgedAt is not null" : "acknowledgedAt is null");
        }
        return find(String.join(" and ", where), Sort.descending("seq"), params).page(Page.of(page, size));
    }

    /** The recipient's alerts after a given sequence number, in sequence order: the replay of an SSE stream. */
    public List<AlertEntity> after(String recipient, long seq, int limit) {
        return find("recipient = ?1 and seq > ?2", Sort.ascending("seq"), recipient, seq).page(0, limit).list();
    }

    public List<AlertEntity> forReport(UUID reportId) {
        return list("reportId", Sort.ascending("reportVersion", "recipient"), reportId);
    }

    /**
     * Serialises, per recipient, the transactions that write its alerts, so that an agency's alerts commit in the
     * order of their sequence numbers even with several instances. One statement for all recipients, the locks
     * taken in code order (no deadlock); it does not flush the session, since it reads nothing the session wrote.
     */
    public void lockRecipients(Collection<String> recipients) {
        AdvisoryLocks.lockAll(getEntityManager(), AdvisoryLocks.RECIPIENT, recipients);
    }
}
