package org.fusionexchange.alert.repository;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;

import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AlertTopic;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.RouteState;
import org.hibernate.Session;

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

    /**
     * The recipient's last number in the projection, which is how many alerts it has stored: numbers have no gaps,
     * alerts are kept. One entry of the index (recipient, seq).
     */
    public long lastSeq(String recipient) {
        List<?> last = getEntityManager()
                .createNativeQuery("select max(seq) from alert where recipient = :recipient")
                .setParameter("recipient", recipient)
                .setFlushMode(FlushModeType.COMMIT)
                .getResultList();
        return last.isEmpty() || last.get(0) == null ? 0 : ((Number) last.get(0)).longValue();
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

    /**
     * Stores alerts read from the alerts topic, in multi-row inserts; an alert already stored (a redelivery, same id)
     * is skipped. Another alert with a number its recipient already has fails the batch, loudly: the numbering
     * state was lost, and silently dropping the alert would hide it.
     *
     * @return how many were new
     */
    public int insertAll(List<Alert> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Alert a : batch) {
                    int i = 0;
                    insert.setObject(++i, a.id());
                    insert.setLong(++i, a.seq());
                    insert.setString(++i, a.recipient());
                    insert.setString(++i, a.reason() == null ? null : a.reason().name());
                    insert.setString(++i, a.cancelReason() == null ? null : a.cancelReason().name());
                    insert.setArray(++i, connection.createArrayOf("uuid", a.references().toArray()));
                    insert.setObject(++i, a.reportId());
                    insert.setInt(++i, a.reportVersion());
                    insert.setString(++i, a.originator());
                    insert.setString(++i, a.topic());
                    insert.setString(++i, a.status());
                    insert.setString(++i, a.msgType().name());
                    insert.setString(++i, a.urgency());
                    insert.setString(++i, a.severity() == null ? null : a.severity().name());
                    insert.setString(++i, a.certainty());
                    insert.setString(++i, a.headline());
                    insert.setString(++i, a.area() == null ? null : a.area().jurisdiction());
                    Alert.Point point = a.area() == null ? null : a.area().point();
                    insert.setObject(++i, point == null ? null : point.lat(), Types.DOUBLE);
                    insert.setObject(++i, point == null ? null : point.lon(), Types.DOUBLE);
                    insert.setString(++i, a.marking() == null ? null : a.marking().tlp());
                    insert.setObject(++i, a.sent().atOffset(ZoneOffset.UTC));
                    insert.setObject(++i, a.createdAt().atOffset(ZoneOffset.UTC));
                    insert.addBatch();
                }
                int stored = 0;
                for (int count : insert.executeBatch()) {
                    // a rewritten multi-row insert reports SUCCESS_NO_INFO for its rows
                    stored += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
                }
                return stored;
            }
        });
    }

    private static final String INSERT = "insert into alert (id, seq, recipient, reason, cancel_reason, reference_ids,"
            + " report_id, report_version, originator, topic, status, msg_type, urgency, severity, certainty, headline,"
            + " jurisdiction, latitude, longitude, tlp, sent_at, created_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing";

    /**
     * What routing would remember of a report, rebuilt from its stored alerts (null when none is stored): its last
     * version, who holds it now (whose last alert of it is not a Cancel) and why, every alert id each agency was sent,
     * and the facts of its last version with content. For an amendment of a report that the routing state store never
     * saw.
     */
    public RouteState routeState(UUID reportId) {
        List<AlertEntity> all = list("reportId", Sort.ascending("reportVersion", "seq"), reportId);
        if (all.isEmpty()) {
            return null;
        }
        Map<String, List<UUID>> sent = new LinkedHashMap<>();
        Map<String, AlertEntity> lastOf = new LinkedHashMap<>();
        AlertEntity facts = null;
        for (AlertEntity a : all) {
            sent.computeIfAbsent(a.recipient, r -> new ArrayList<>()).add(a.id);
            lastOf.put(a.recipient, a);
            if (a.msgType != MsgType.Cancel) {
                facts = a;
            }
        }
        Map<String, Reason> holders = new TreeMap<>();
        lastOf.forEach((recipient, a) -> {
            if (a.msgType != MsgType.Cancel) {
                holders.put(recipient, a.reason);
            }
        });
        List<String> named = holders.entrySet().stream().filter(e -> e.getValue() == Reason.NAMED)
                .map(Map.Entry::getKey).toList();
        int version = all.get(all.size() - 1).reportVersion;
        return facts == null
                ? new RouteState(version, null, null, null, List.of(), holders, sent)
                : new RouteState(version, AlertTopic.byId(facts.topic).map(AlertTopic::reportType).orElse(null),
                        facts.jurisdiction, facts.tlp, named, holders, sent);
    }
}
