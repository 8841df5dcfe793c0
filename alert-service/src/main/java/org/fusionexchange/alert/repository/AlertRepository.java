package org.fusionexchange.alert.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;

import org.fusionexchange.alert.service.MsgType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<AlertEntity, UUID> {

    /** Filters of an agency's alert list; null means no filter. */
    public record Filter(String recipient, String topic, Instant since, Boolean acknowledged) {

        /** All the recipient's alerts. */
        public boolean unfiltered() {
            return topic == null && since == null && acknowledged == null;
        }
    }

    public Optional<AlertEntity> findForRecipient(UUID id, String recipient) {
        return find("id = ?1 and recipient = ?2", id, recipient).firstResultOptional();
    }

    /**
     * Up to {@code limit} of the filter's alerts numbered below {@code before} (if given), newest first, skipping
     * {@code offset}: a keyset page that reads O(limit + offset) entries of the index (recipient, seq) when the
     * filters match most alerts.
     */
    public List<AlertEntity> page(Filter filter, Long before, int offset, int limit) {
        Parameters params = new Parameters();
        String where = where(filter, params);
        if (before != null) {
            where += " and seq < :before";
            params.and("before", before);
        }
        return find(where, Sort.descending("seq"), params).range(offset, offset + limit - 1).list();
    }

    /** How many alerts match the filter: a count of every one, O(n). */
    public long count(Filter filter) {
        Parameters params = new Parameters();
        return count(where(filter, params), params);
    }

    /** The recipient's last number, which is how many alerts it has: numbers have no gaps, alerts are kept. */
    public long lastSeq(String recipient) {
        List<?> last = getEntityManager()
                .createNativeQuery("select last_seq from recipient_sequence where recipient = :recipient")
                .setParameter("recipient", recipient)
                .setFlushMode(FlushModeType.COMMIT)
                .getResultList();
        return last.isEmpty() ? 0 : ((Number) last.get(0)).longValue();
    }

    private static String where(Filter filter, Parameters params) {
        List<String> where = new ArrayList<>(List.of("recipient = :recipient"));
        params.and("recipient", filter.recipient());
        if (filter.topic() != null) {
            // a Cancel has no topic (it carries no content) and is listed under every topic, so that a client
            // following one topic still learns that an alert it holds is cancelled
            where.add("(topic = :topic or msgType = :cancel)");
            params.and("topic", filter.topic()).and("cancel", MsgType.Cancel);
        }
        if (filter.since() != null) {
            where.add("createdAt >= :since");
            params.and("since", filter.since());
        }
        if (filter.acknowledged() != null) {
            where.add(filter.acknowledged() ? "acknowledgedAt is not null" : "acknowledgedAt is null");
        }
        return String.join(" and ", where);
    }

    /** The recipient's alerts after one of its numbers, in number order: the replay of an SSE stream. */
    public List<AlertEntity> after(String recipient, long seq, int limit) {
        return find("recipient = ?1 and seq > ?2", Sort.ascending("seq"), recipient, seq).page(0, limit).list();
    }

    public List<AlertEntity> forReport(UUID reportId) {
        return list("reportId", Sort.ascending("reportVersion", "recipient"), reportId);
    }

    /** The ids of these reports' alerts, by report and recipient, oldest first: what a new alert refers to. */
    public Map<UUID, Map<String, List<UUID>>> idsByReportAndRecipient(Collection<UUID> reportIds) {
        Map<UUID, Map<String, List<UUID>>> ids = new HashMap<>();
        if (reportIds.isEmpty()) {
            return ids;
        }
        getEntityManager()
                .createQuery("select a.reportId, a.recipient, a.id from AlertEntity a where a.reportId in :ids"
                        + " order by a.reportVersion", Object[].class)
                .setParameter("ids", reportIds)
                .setFlushMode(FlushModeType.COMMIT)
                .getResultStream()
                .forEach(row -> ids.computeIfAbsent((UUID) row[0], r -> new HashMap<>())
                        .computeIfAbsent((String) row[1], r -> new ArrayList<>()).add((UUID) row[2]));
        return ids;
    }

    /**
     * Serialises, per recipient, the transactions that write its alerts, so that an agency's alerts commit in the
     * order of their sequence numbers even with several instances. One statement for all recipients, the locks
     * taken in code order (no deadlock); it does not flush the session, since it reads nothing the session wrote.
     */
    public void lockRecipients(Collection<String> recipients) {
        AdvisoryLocks.lockAll(getEntityManager(), AdvisoryLocks.RECIPIENT, recipients);
    }

    /**
     * Gives each alert its recipient's next numbers, in list order: 1, 2, 3, ... per recipient, without gaps, since
     * the counters move in the same transaction as the alerts (a rollback takes both back). Call it under
     * {@link #lockRecipients}, so that each recipient's alerts commit in the order of their numbers. One statement
     * for all recipients, which does not flush the session.
     */
    public void number(List<AlertEntity> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        Map<String, Long> counts = alerts.stream()
                .collect(Collectors.groupingBy(a -> a.recipient, TreeMap::new, Collectors.counting()));
        @SuppressWarnings("unchecked")
        List<Object[]> last = getEntityManager().createNativeQuery(
                        "insert into recipient_sequence (recipient, last_seq)"
                        + " select r, n from unnest(string_to_array(:recipients, ','),"
                        + " string_to_array(:counts, ',')::bigint[]) as t(r, n)"
                        + " on conflict (recipient) do update"
                        + " set last_seq = recipient_sequence.last_seq + excluded.last_seq"
                        + " returning recipient, last_seq")
                .setParameter("recipients", String.join(",", counts.keySet()))
                .setParameter("counts", counts.values().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .setFlushMode(FlushModeType.COMMIT)
                .getResultList();
        Map<String, Long> next = new HashMap<>();
        for (Object[] row : last) {
            String recipient = (String) row[0];
            next.put(recipient, ((Number) row[1]).longValue() - counts.get(recipient) + 1);
        }
        for (AlertEntity alert : alerts) {
            alert.seq = next.merge(alert.recipient, 1L, Long::sum) - 1;
        }
    }
}
