package org.fusionexchange.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusionexchange.stack.PostgresServer;

/**
 * Rows for the list stages, written straight into the services' databases with SQL: a stage needs 100,000 and
 * 1,000,000 of them for one agency, which no API stores in the time of a run.
 *
 * <p>Each seeded row is a copy of a real row the run stored through the API for that agency (the template): bodies
 * and columns are what the service writes, about 1 KiB, and a column added to the table later is copied too. Only the
 * keys change: new ids, the report's id and external reference inside a report's body, times, and for alerts the
 * recipient's numbers, which continue its sequence without a gap, and the same keys in the alert's published body.
 * Routing numbers on Kafka and does not know of these rows, so the list stages, which seed, come last in a run.
 * Columns filled by a sequence get their default. After seeding, VACUUM ANALYZE, as autovacuum would do in time on a
 * live system.
 */
final class Seeding {

    /** How many rows the agency has, how many of them this call seeded, and what was checked after. */
    record Level(long stored, long seeded, String check) {
    }

    private final PostgresServer pg;

    Seeding(PostgresServer pg) {
        this.pg = pg;
    }

    /**
     * Tops the agency's reports in intake up to {@code total}: copies of its newest report, received before all its
     * others, 1 ms apart; each a row of {@code case_report} and, where the schema keeps the bodies there, a copy of
     * each of the template's rows in {@code report_version} (the body, with the new id and external reference).
     */
    Level reports(String agency, long total) throws SQLException {
        return topUp("intake", "SELECT count(*) FROM case_report WHERE agency = ?", agency, total, (c, missing) -> {
            // the new keys, numbered, and the template with the time the copies count back from
            try (Statement tables = c.createStatement()) {
                tables.execute("CREATE TEMP TABLE g (i bigint, nid uuid) ON COMMIT DROP");
                tables.execute("CREATE TEMP TABLE t ON COMMIT DROP AS SELECT r.*, r.received_at AS oldest"
                        + " FROM case_report r WITH NO DATA");
            }
            try (PreparedStatement keys = c.prepareStatement("INSERT INTO g"
                    + " SELECT i, gen_random_uuid() FROM generate_series(1, ?) i");
                    PreparedStatement template = c.prepareStatement("INSERT INTO t"
                            + " SELECT r.*, (SELECT min(received_at) FROM case_report WHERE agency = ?)"
                            + " FROM case_report r WHERE agency = ? ORDER BY received_at DESC LIMIT 1")) {
                keys.setLong(1, missing);
                keys.executeUpdate();
                template.setString(1, agency);
                template.setString(2, agency);
                template.executeUpdate();
            }
            boolean versions = !columnsOf(c, "report_version", false).isEmpty();
            String at = "t.oldest - g.i * interval '1 millisecond'";
            String body = "CAST(replace(replace(CAST(%a.body AS text), CAST(t.id AS text), CAST(g.nid AS text)),"
                    + " t.external_ref, 'SEED-' || g.nid) AS %s)";
            Map<String, String> report = new LinkedHashMap<>();
            report.put("id", "g.nid");
            report.put("external_ref", "'SEED-' || g.nid");
            report.put("received_at", at);
            report.put("updated_at", at);
            report.put("body", body.replace("%a", "t"));
            try (Statement insert = c.createStatement()) {
                requireAll(insert.executeUpdate(copy(c, "case_report", report, "t") + " FROM t, g"), missing,
                        "reports of " + agency);
                if (!versions) {
                    return List.of("case_report");
                }
                Map<String, String> version = new LinkedHashMap<>();
                version.put("event_id", "gen_random_uuid()");
                version.put("report_id", "g.nid");
                version.put("created_at", at);
                version.put("body", body.replace("%a", "v"));
                insert.executeUpdate(copy(c, "report_version", version, "v")
                        + " FROM t JOIN report_version v ON v.report_id = t.id, g");
                return List.of("case_report", "report_version");
            }
        }, c -> "");
    }

    /**
     * Tops the recipient's alerts in alert-service's {@code alert} up to {@code total}: copies of its newest alert
     * that routing sent it for its jurisdiction (an Alert, with content), each for a report of its own, numbered on
     * from the recipient's last number.
     */
    Level alerts(String recipient, long total) throws SQLException {
        return topUp("alert", "SELECT count(*) FROM alert WHERE recipient = ?", recipient, total, (c, missing) -> {
            long last = count(c, "SELECT coalesce(max(seq), 0) FROM alert WHERE recipient = ?", recipient);
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("id", "g.nid");
            keys.put("seq", "g.seq");
            keys.put("report_id", "g.rid");
            keys.put("created_at", "g.at");
            keys.put("sent_at", "g.at");
            // the alert as published, which lists write through: the template's with the copy's keys
            keys.put("body", "(t.body::jsonb || jsonb_build_object('id', g.nid, 'seq', g.seq, 'reportId', g.rid,"
                    + " 'createdAt', g.iso, 'sent', g.iso))::text");
            // the template is routing's kind of alert, the one the recipient's list holds most of: in a full run the
            // newest Alert may be an overdose spike's or an entity match's, whose body is of another size, and every
            // seeded page would then be too (session 28)
            String sql = "WITH t AS (SELECT * FROM alert WHERE recipient = ? AND msg_type = 'Alert'"
                    + " AND reason = 'JURISDICTION' ORDER BY seq DESC LIMIT 1),"
                    + " n AS (SELECT i, ? + i AS seq, now() - (? - i) * interval '1 microsecond' AS at"
                    + " FROM generate_series(1, ?) i),"
                    + " g AS (SELECT n.*, gen_random_uuid() AS nid, gen_random_uuid() AS rid,"
                    + " to_char(n.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS iso FROM n) "
                    + copy(c, "alert", keys, "t") + " FROM t, g";
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                insert.setString(1, recipient);
                insert.setLong(2, last);
                insert.setLong(3, missing);
                insert.setLong(4, missing);
                requireAll(insert.executeUpdate(), missing, "alerts of " + recipient);
            }
            // the recipient's last number, as alert-service's projection stores it beside its alerts (V10); the
            // lists are the last stages, so no alert is numbered for the recipient after this
            try (PreparedStatement number = c.prepareStatement("INSERT INTO recipient_sequence (recipient, seq)"
                    + " VALUES (?, ?) ON CONFLICT (recipient) DO UPDATE SET seq = excluded.seq")) {
                number.setString(1, recipient);
                number.setLong(2, last + missing);
                number.executeUpdate();
            }
            return List.of("alert");
        }, c -> numbering(c, recipient));
    }

    /**
     * Waits until the recipient's alerts stop growing: none projected for {@code quiet}, or fails after
     * {@code timeout}. Seeding numbers on from the recipient's last alert, and routing's last alerts before the
     * lists (an overdose spike's Alert and Update come after the reports' own, through their windows) must not take
     * a number the seeding takes too (a --lists run failed on (HCSO, 101) so, 2026-12-06).
     */
    void awaitQuiet(String recipient, Duration quiet, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("alert"), pg.username(), pg.password())) {
            long last = -1;
            long since = System.nanoTime();
            while (System.nanoTime() - since < quiet.toNanos()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(recipient + "'s alerts were still growing after " + timeout
                            + " (" + last + "): routing has not settled before the lists");
                }
                long now = count(c, "SELECT coalesce(max(seq), 0) FROM alert WHERE recipient = ?", recipient);
                if (now != last) {
                    last = now;
                    since = System.nanoTime();
                }
                Thread.sleep(250);
            }
        }
    }

    /** Writes the missing rows in the transaction given, and answers the tables it wrote. */
    @FunctionalInterface
    private interface Fill {
        List<String> rows(Connection c, long missing) throws SQLException;
    }

    /** What to check once the rows are there, in words. */
    @FunctionalInterface
    private interface Check {
        String after(Connection c) throws SQLException;
    }

    /**
     * Counts the rows of the key ({@code counted} with it as the parameter) in the service's database and writes the
     * missing ones, in one transaction; then VACUUM ANALYZE on the tables written.
     */
    private Level topUp(String database, String counted, String key, long total, Fill fill, Check check)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.username(), pg.password())) {
            long stored = count(c, counted, key);
            long missing = total - stored;
            if (missing > 0) {
                c.setAutoCommit(false);
                List<String> written = fill.rows(c, missing);
                c.commit();
                c.setAutoCommit(true);
                for (String table : written) {
                    vacuum(c, table);
                }
            }
            return new Level(Math.max(stored, total), Math.max(0, missing), check.after(c));
        }
    }

    /** The recipient's numbers as stored: 1..n without a gap, or what is wrong. */
    private static String numbering(Connection c, String recipient) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT count(*), min(seq), max(seq) FROM alert"
                + " WHERE recipient = ?")) {
            query.setString(1, recipient);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                long count = rs.getLong(1);
                long min = rs.getLong(2);
                long max = rs.getLong(3);
                boolean gapless = min == 1 && max == count;
                return String.format("%s: seq %d..%d over %d alerts%s", recipient, min, max, count,
                        gapless ? ", without a gap" : ", NOT 1..n WITHOUT A GAP");
            }
        }
    }

    /**
     * {@code INSERT INTO table (columns) SELECT expressions}: each column's key expression where one is given (a
     * {@code %s} in it becomes the column's type), the template's value ({@code template.column}) otherwise, and
     * columns filled by a sequence left to their default.
     */
    private static String copy(Connection c, String table, Map<String, String> keys, String template)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String[]> column : columnsOf(c, table, true).entrySet()) {
            String name = column.getKey();
            String type = column.getValue()[0];
            String defaultValue = column.getValue()[1];
            String key = keys.get(name);
            if (key == null && defaultValue != null && defaultValue.startsWith("nextval(")) {
                continue;
            }
            columns.add(name);
            values.add(key != null ? key.replace("%s", type) : template + "." + name);
        }
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + String.join(", ", values);
    }

    /** Column name to {type, default}, in the table's order; empty if there is no such table and none is required. */
    private static Map<String, String[]> columnsOf(Connection c, String table, boolean required)
            throws SQLException {
        Map<String, String[]> columns = new LinkedHashMap<>();
        try (PreparedStatement query = c.prepareStatement("SELECT column_name, udt_name, column_default"
                + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
                + " ORDER BY ordinal_position")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), new String[] { rs.getString(2), rs.getString(3) });
                }
            }
        }
        if (columns.isEmpty() && required) {
            throw new IllegalStateException("No table " + table + ": has its service's schema changed?");
        }
        return columns;
    }

    private static long count(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void requireAll(int inserted, long expected, String what) {
        if (inserted != expected) {
            // no template: the run stored none through the API before
            throw new IllegalStateException("Seeded " + inserted + " of " + expected + " " + what
                    + "; a row to copy must exist first");
        }
    }

    private static void vacuum(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + table);
        }
    }
}
