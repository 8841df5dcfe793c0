package org.fusionexchange.alert.repository;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.fusionexchange.alert.repository.AlertRepository.Filter;
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.MsgType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * The recipient's alert list, read through PostgreSQL's reactive client on the request's event loop: a page takes no
 * worker thread and blocks none, where a JDBC read would move each request to a worker and back. Everything else of
 * alert-service reads and writes through JDBC.
 * <p>
 * A failure is handed on as JDBC's would be (a {@link PersistenceException} around an {@link SQLException} with the
 * server's SQLState, or an {@link SQLTransientConnectionException} when the database cannot be reached), so that the
 * API answers both clients' failures alike: 503 while the database is unavailable.
 */
@ApplicationScoped
public class AlertLists {

    /** One alert of a list: its number, and its JSON as the API shows it (acknowledgement included). */
    public record Listed(long seq, String json) {
    }

    private final Pool pool;
    private final AlertRepository alerts;
    private final AlertBodies bodies;
    private final ObjectMapper json;

    public AlertLists(Pool pool, AlertRepository alerts, AlertBodies bodies, ObjectMapper json) {
        this.pool = pool;
        this.alerts = alerts;
        this.bodies = bodies;
        this.json = json;
    }

    /**
     * Up to {@code limit} of the filter's alerts numbered below {@code before} (if given), newest first, skipping
     * {@code offset}: a keyset page that reads O(limit + offset) entries of the index (recipient, seq) when the
     * filters match most alerts.
     * <p>
     * Each alert is its published JSON ({@code body}) written through as it is, with the recipient's acknowledgement
     * added: no column is parsed, no object built and written again. The bodies come from {@link AlertBodies} where
     * it holds them, and from the database in a second statement for the others, which it then holds. An alert
     * projected before the bodies were kept is built from its columns instead, by JDBC on a worker thread, for those
     * alone.
     */
    public Uni<List<Listed>> page(Filter filter, Long before, int offset, int limit) {
        return page(filter, before, offset, limit, false).map(Page::items);
    }

    /** A page and, when asked for, the recipient's last number ({@link #lastSeq}), null otherwise. */
    public record Page(List<Listed> items, Long lastSeq) {
    }

    /** One row of a page: its number, id and acknowledgement from the statement, its body from wherever found. */
    private static final class Slot {
        final long seq;
        final UUID id;
        final String acknowledgedBy;
        final Instant acknowledgedAt;
        String body;

        Slot(long seq, UUID id, String acknowledgedBy, Instant acknowledgedAt, String body) {
            this.seq = seq;
            this.id = id;
            this.acknowledgedBy = acknowledgedBy;
            this.acknowledgedAt = acknowledgedAt;
            this.body = body;
        }
    }

    /**
     * {@link #page(Filter, Long, int, int)} and, with {@code lastSeq}, the recipient's last number read in the same
     * statement (one round trip, an InitPlan PostgreSQL evaluates once), or by a second one when the page is empty.
     */
    public Uni<Page> page(Filter filter, Long before, int offset, int limit, boolean lastSeq) {
        Statement statement = where(filter);
        if (before != null) {
            statement.where.append(" and seq < ").append(statement.parameter(before));
        }
        String last = lastSeq ? ", (select coalesce(max(seq), 0) from alert where recipient = $1)" : "";
        String sql = "select seq, id, acknowledged_by, " + micros("acknowledged_at") + last + " from alert where "
                + statement.where + " order by seq desc offset " + statement.parameter(offset) + " limit "
                + statement.parameter(limit);
        String what = "Listing the alerts of " + filter.recipient();
        return pool.preparedQuery(sql).execute(Tuple.from(statement.values)).onFailure()
                .transform(e -> failed(what, e)).flatMap(rows -> {
                    List<Slot> slots = new ArrayList<>(limit);
                    List<UUID> missing = new ArrayList<>();
                    Long seq = null;
                    for (Row row : rows) {
                        UUID id = row.getUUID(1);
                        Slot slot = new Slot(row.getLong(0), id, row.getString(2), instant(row.getLong(3)),
                                bodies.get(id));
                        if (slot.body == null) {
                            missing.add(id);
                        }
                        slots.add(slot);
                        seq = lastSeq ? row.getLong(4) : null;
                    }
                    bodies.looked(slots.size() - missing.size(), missing.size());
                    Uni<List<Listed>> items = (missing.isEmpty() ? Uni.createFrom().item(slots)
                            : readBodies(slots, missing, what)).flatMap(read -> listed(read, what));
                    if (lastSeq && seq == null) {
                        // an empty page has no row to carry it
                        return Uni.combine().all().unis(items, lastSeq(filter.recipient())).with(Page::new);
                    }
                    Long found = seq;
                    return items.map(listed -> new Page(listed, found));
                });
    }

    /** The bodies of the slots that have none yet, read by id (and then held by {@link AlertBodies}). */
    private Uni<List<Slot>> readBodies(List<Slot> slots, List<UUID> missing, String what) {
        return pool.preparedQuery("select id, body from alert where id = any($1)")
                .execute(Tuple.of(missing.toArray(new UUID[0]))).onFailure().transform(e -> failed(what, e))
                .map(rows -> {
                    Map<UUID, String> read = new HashMap<>();
                    for (Row row : rows) {
                        String body = row.getString(1);
                        if (body != null) {
                            read.put(row.getUUID(0), body);
                            bodies.put(row.getUUID(0), body);
                        }
                    }
                    for (Slot slot : slots) {
                        if (slot.body == null) {
                            slot.body = read.get(slot.id);
                        }
                    }
                    return slots;
                });
    }

    /** The listed alerts; those without a body (projected before bodies were kept) built from their columns. */
    private Uni<List<Listed>> listed(List<Slot> slots, String what) {
        List<Listed> page = new ArrayList<>(slots.size());
        Map<UUID, Integer> withoutBody = new LinkedHashMap<>();
        for (Slot slot : slots) {
            if (slot.body == null) {
                withoutBody.put(slot.id, page.size());
                page.add(null);
            } else {
                page.add(new Listed(slot.seq, acknowledged(slot.body, slot.acknowledgedBy, slot.acknowledgedAt)));
            }
        }
        return withoutBody.isEmpty() ? Uni.createFrom().item(page) : fromColumns(page, withoutBody, what);
    }

    /** The page with its alerts that have no body built from their columns (JDBC, on a worker thread). */
    private Uni<List<Listed>> fromColumns(List<Listed> page, Map<UUID, Integer> withoutBody, String what) {
        return Uni.createFrom().item(() -> {
            for (Alert alert : alerts.byIds(List.copyOf(withoutBody.keySet()), what)) {
                page.set(withoutBody.get(alert.id()), new Listed(alert.seq(), jsonText(alert)));
            }
            return page;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** How many alerts match the filter: a count of every one, O(n). */
    public Uni<Long> count(Filter filter) {
        Statement statement = where(filter);
        return single("select count(*) from alert where " + statement.where, statement.values,
                "Counting the alerts of " + filter.recipient());
    }

    /**
     * The recipient's last number in the projection, which is how many alerts it has stored: numbers have no gaps,
     * alerts are kept. One entry of the index (recipient, seq).
     */
    public Uni<Long> lastSeq(String recipient) {
        return single("select coalesce(max(seq), 0) from alert where recipient = $1", List.of(recipient),
                "Reading the last number of " + recipient);
    }

    private Uni<Long> single(String sql, List<Object> values, String what) {
        return pool.preparedQuery(sql).execute(Tuple.from(values)).map(rows -> rows.iterator().next().getLong(0))
                .onFailure().transform(e -> failed(what, e));
    }

    /** A published alert's JSON with the recipient's acknowledgement, if any, as its last member. */
    private String acknowledged(String body, String by, Instant at) {
        if (at == null) {
            return body;
        }
        int end = body.lastIndexOf('}');
        if (end < 0) {
            throw new PersistenceException("A stored alert body is not a JSON object");
        }
        return body.substring(0, end) + ",\"acknowledgement\":" + jsonText(new Alert.Acknowledgement(by, at)) + "}";
    }

    private String jsonText(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The list's filters, in SQL with their parameters. */
    private static Statement where(Filter filter) {
        Statement statement = new Statement();
        statement.where.append("recipient = ").append(statement.parameter(filter.recipient()));
        if (filter.topic() != null) {
            // a Cancel has no topic (it carries no content) and is listed under every topic, so that a client
            // following one topic still learns that an alert it holds is cancelled
            statement.where.append(" and (topic = ").append(statement.parameter(filter.topic()))
                    .append(" or msg_type = ").append(statement.parameter(MsgType.Cancel.name())).append(")");
        }
        if (filter.since() != null) {
            statement.where.append(" and created_at >= ")
                    .append(statement.parameter(filter.since().atOffset(ZoneOffset.UTC)));
        }
        if (filter.acknowledged() != null) {
            statement.where.append(filter.acknowledged() ? " and acknowledged_at is not null"
                    : " and acknowledged_at is null");
        }
        if (filter.reportId() != null) {
            // one report's history here: every message type, read on the index (report_id, report_version, recipient)
            statement.where.append(" and report_id = ").append(statement.parameter(filter.reportId()));
        }
        return statement;
    }

    /** A statement's condition and its values, numbered $1, $2, ... as PostgreSQL's protocol numbers them. */
    private static final class Statement {
        final StringBuilder where = new StringBuilder();
        final List<Object> values = new ArrayList<>();

        String parameter(Object value) {
            values.add(value);
            return "$" + values.size();
        }
    }

    private static String micros(String column) {
        return "(extract(epoch from " + column + ") * 1000000)::bigint";
    }

    private static Instant instant(Long micros) {
        return micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** A failure of the reactive client as JDBC would have reported it. */
    public static PersistenceException failed(String what, Throwable failure) {
        if (failure instanceof PersistenceException known) {
            return known;
        }
        if (failure instanceof PgException pg) {
            return new PersistenceException(what + " failed", new SQLException(pg.getErrorMessage(), pg.getSqlState(),
                    pg));
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return new PersistenceException(what + " failed",
                        new SQLTransientConnectionException(t.getMessage(), t));
            }
        }
        return new PersistenceException(what + " failed", failure);
    }
}
