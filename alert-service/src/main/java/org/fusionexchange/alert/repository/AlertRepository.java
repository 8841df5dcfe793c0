package org.fusionexchange.alert.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AlertTopic;
import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.RouteState;
import org.fusionexchange.alert.service.Severity;
import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<AlertEntity, UUID> {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public AlertRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Filters of an agency's alert list; null means no filter. */
    public record Filter(String recipient, String topic, Instant since, Boolean acknowledged, UUID reportId) {

        /** All the recipient's alerts. */
        public boolean unfiltered() {
            return topic == null && since == null && acknowledged == null && reportId == null;
        }
    }

    public Optional<AlertEntity> findForRecipient(UUID id, String recipient) {
        return find("id = ?1 and recipient = ?2", id, recipient).firstResultOptional();
    }

    /** One alert of the recipient as the API shows it, spike included. */
    public Optional<Alert> one(UUID id, String recipient) {
        return select("id = ? and recipient = ?", List.of(id, recipient), "Reading alert " + id).stream().findFirst();
    }

    /** An alert as the projection stores it: the alert, and its JSON as published on the alerts topic. */
    public record Published(Alert alert, String body) {
    }

    /** The recipient's alerts after one of its numbers, in number order: the replay of an SSE stream. */
    public List<Alert> after(String recipient, long seq, int limit) {
        return select("recipient = ? and seq > ? order by seq limit ?", List.of(recipient, seq, limit),
                "Replaying the alerts of " + recipient);
    }

    /** Alerts by id, built from their columns: those of a list projected before bodies were kept (AlertLists). */
    public List<Alert> byIds(List<UUID> ids, String what) {
        String joined = String.join(",", ids.stream().map(UUID::toString).toList());
        return select("id = any(string_to_array(?, ',')::uuid[])", List.of(joined), what);
    }

    /**
     * The columns of an alert as {@link #alert} reads them: times as microseconds since the epoch and the references
     * as one string, which the driver hands over without parsing a timestamp or an array per value.
     */
    private static final String COLUMNS = "id, seq, recipient, reason, cancel_reason, report_id, report_version,"
            + " array_to_string(reference_ids, ','), originator, topic, status, msg_type, urgency, severity,"
            + " certainty, headline, jurisdiction, latitude, longitude, tlp, " + micros("sent_at") + ", "
            + micros("created_at") + ", " + micros("acknowledged_at") + ", acknowledged_by, spike::text, match::text";

    private static String micros(String column) {
        return "(extract(epoch from " + column + ") * 1000000)::bigint";
    }

    private List<Alert> select(String whereAndOrder, List<Object> params, String what) {
        String sql = "select " + COLUMNS + " from alert where " + whereAndOrder;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepared(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            List<Alert> alerts = new ArrayList<>();
            while (rs.next()) {
                alerts.add(alert(rs));
            }
            return alerts;
        } catch (SQLException e) {
            throw new PersistenceException(what + " failed", e);
        }
    }

    /** A row of {@link #COLUMNS} as the API shows it. */
    private Alert alert(ResultSet rs) throws SQLException {
        String jurisdiction = rs.getString(17);
        Double lat = rs.getObject(18, Double.class);
        Double lon = rs.getObject(19, Double.class);
        String tlp = rs.getString(20);
        Instant acknowledgedAt = instant(rs, 23);
        return new Alert(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3),
                named(Reason.class, rs.getString(4)), named(CancelReason.class, rs.getString(5)),
                rs.getObject(6, UUID.class), rs.getObject(7, Integer.class), uuids(rs.getString(8)), rs.getString(9),
                rs.getString(10), rs.getString(11), MsgType.valueOf(rs.getString(12)), rs.getString(13),
                named(Severity.class, rs.getString(14)), rs.getString(15), rs.getString(16),
                jurisdiction == null ? null : new Alert.Area(jurisdiction,
                        lat == null || lon == null ? null : new Alert.Point(lat, lon)),
                tlp == null ? null : new Alert.Marking(tlp), stored(rs.getString(25), Alert.Spike.class),
                stored(rs.getString(26), Alert.Match.class), instant(rs, 21), instant(rs, 22),
                acknowledgedAt == null ? null : new Alert.Acknowledgement(rs.getString(24), acknowledgedAt));
    }

    /** A jsonb column's spike or match. */
    private <T> T stored(String stored, Class<T> type) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new PersistenceException("A stored " + type.getSimpleName() + " is not readable", e);
        }
    }

    /** The value as JSON text, or null. */
    private String jsonText(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<UUID> uuids(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(UUID::fromString).toList();
    }

    /** A time read as microseconds since the epoch, or null. */
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    private static PreparedStatement prepared(Connection connection, String sql, List<Object> params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            statement.setObject(i + 1, param instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : param);
        }
        return statement;
    }

    /**
     * The recipient's last number in the projection, which is how many alerts it has stored: numbers have no gaps,
     * alerts are kept. One entry of the index (recipient, seq). The list reads it through {@link AlertLists#lastSeq}.
     */
    public long lastSeq(String recipient) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepared(connection,
                        "select coalesce(max(seq), 0) from alert where recipient = ?", List.of(recipient));
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new PersistenceException("Reading the last number of " + recipient + " failed", e);
        }
    }

    public List<AlertEntity> forReport(UUID reportId) {
        return list("reportId", Sort.ascending("reportVersion", "recipient"), reportId);
    }

    /**
     * Stores alerts read from the alerts topic, in multi-row inserts; an alert already stored (a redelivery, same id)
     * is skipped. Another alert with a number its recipient already has fails the batch, loudly: the numbering
     * state was lost, and silently dropping the alert would hide it.
     *
     * @return how many were new; when some were skipped, an upper bound (the driver's rewritten inserts count each
     *         row of a multi-row statement as one)
     */
    public int insertAll(List<Alert> batch) {
        return insertPublished(batch.stream().map(a -> new Published(a, jsonText(a.withoutAcknowledgement())))
                .toList());
    }

    /**
     * {@link #insertAll}, each alert with the JSON it was published as, which lists write through.
     * <p>
     * {@value #COPY_FROM} alerts or more go in by one binary {@code COPY} ({@link BinaryCopy}): PostgreSQL neither
     * parses 25 values a row from text nor plans a statement of them, and writes the rows to the table in groups. A
     * copy cannot skip a row, so when one of them is a duplicate (a unique violation: an alert stored before, or a
     * second alert of a report's version to the same recipient) the copy is undone to a savepoint and the rows go in
     * again as inserts. Fewer alerts go in as multi-row {@code INSERT ... ON CONFLICT (id) DO NOTHING} (the driver
     * rewrites the batch), which skips the first kind of duplicate and fails on the second: a prepared statement
     * whose plan is kept, where a copy is parsed and set up anew each time and costs PostgreSQL more for a few rows
     * (measured with intake's tables: deploy/bench/README.md, session 31).
     */
    public int insertPublished(List<Published> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            if (batch.size() < COPY_FROM) {
                return insertEach(connection, batch);
            }
            try (Statement savepoint = connection.createStatement()) {
                savepoint.execute("SAVEPOINT alert_copy");
                try {
                    int copied = Math.toIntExact(copy(batch).into(connection, COPY));
                    savepoint.execute("RELEASE SAVEPOINT alert_copy");
                    return copied;
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    savepoint.execute("ROLLBACK TO SAVEPOINT alert_copy");
                    return insertEach(connection, batch);
                }
            }
        });
    }

    private BinaryCopy copy(List<Published> batch) {
        BinaryCopy rows = new BinaryCopy(batch.stream().mapToInt(p -> 400 + p.body().length()).sum());
        for (Published published : batch) {
            Alert a = published.alert();
            Alert.Point point = a.area() == null ? null : a.area().point();
            rows.row(25).uuid(a.id()).int8(a.seq()).text(a.recipient())
                    .text(a.reason() == null ? null : a.reason().name())
                    .text(a.cancelReason() == null ? null : a.cancelReason().name()).uuidArray(a.references())
                    .uuid(a.reportId()).int4(a.reportVersion()).text(a.originator()).text(a.topic()).text(a.status())
                    .text(a.msgType().name()).text(a.urgency())
                    .text(a.severity() == null ? null : a.severity().name()).text(a.certainty()).text(a.headline())
                    .text(a.area() == null ? null : a.area().jurisdiction())
                    .float8(point == null ? null : point.lat()).float8(point == null ? null : point.lon())
                    .text(a.marking() == null ? null : a.marking().tlp()).timestamptz(a.sent())
                    .timestamptz(a.createdAt()).jsonb(jsonText(a.spike())).jsonb(jsonText(a.match()))
                    .text(published.body());
        }
        return rows;
    }

    private int insertEach(Connection connection, List<Published> batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Published published : batch) {
                Alert a = published.alert();
                int i = 0;
                insert.setObject(++i, a.id());
                insert.setLong(++i, a.seq());
                insert.setString(++i, a.recipient());
                insert.setString(++i, a.reason() == null ? null : a.reason().name());
                insert.setString(++i, a.cancelReason() == null ? null : a.cancelReason().name());
                insert.setArray(++i, connection.createArrayOf("uuid", a.references().toArray()));
                insert.setObject(++i, a.reportId());
                insert.setObject(++i, a.reportVersion(), Types.INTEGER);
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
                insert.setString(++i, jsonText(a.spike()));
                insert.setString(++i, jsonText(a.match()));
                insert.setString(++i, published.body());
                insert.addBatch();
            }
            int stored = 0;
            for (int count : insert.executeBatch()) {
                // a rewritten multi-row insert reports SUCCESS_NO_INFO for its rows
                stored += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
            }
            return stored;
        }
    }

    /** The fewest alerts written by copy. */
    static final int COPY_FROM = 32;

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String COPY = "COPY alert (id, seq, recipient, reason, cancel_reason, reference_ids,"
            + " report_id, report_version, originator, topic, status, msg_type, urgency, severity, certainty, headline,"
            + " jurisdiction, latitude, longitude, tlp, sent_at, created_at, spike, match, body) FROM STDIN"
            + " (FORMAT binary)";

    private static final String INSERT = "insert into alert (id, seq, recipient, reason, cancel_reason, reference_ids,"
            + " report_id, report_version, originator, topic, status, msg_type, urgency, severity, certainty, headline,"
            + " jurisdiction, latitude, longitude, tlp, sent_at, created_at, spike, match, body)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)"
            + " on conflict (id) do nothing";

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
