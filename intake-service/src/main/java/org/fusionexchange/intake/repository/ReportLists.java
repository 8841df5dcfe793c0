package org.fusionexchange.intake.repository;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.fusionexchange.intake.repository.CaseReportRepository.Position;
import org.fusionexchange.intake.repository.CaseReportRepository.Row;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * The agency's report list, read through PostgreSQL's reactive client on the request's event loop: a page takes no
 * worker thread and blocks none, where a JDBC read would move each request to a worker and back. Everything else of
 * intake-service reads and writes through JDBC, in transactions.
 * <p>
 * A failure is handed on as JDBC's would be (a {@link PersistenceException} around an {@link SQLException} with the
 * server's SQLState, or an {@link SQLTransientConnectionException} when the database cannot be reached), so that the
 * API answers both clients' failures alike: 503 while the database is unavailable.
 */
@ApplicationScoped
public class ReportLists {

    private final Pool pool;

    public ReportLists(Pool pool) {
        this.pool = pool;
    }

    /**
     * Up to {@code limit} of the agency's reports received since {@code since} (if given) of the type (if given),
     * newest first, starting after {@code after} (if given): a keyset page that reads O(limit) entries of the index
     * (agency, received_at, id) however many reports the agency has, then {@code offset} more rows when one is given
     * (the older numbered pages). Seven columns, never the body.
     */
    public Uni<List<Row>> page(String agency, String type, Instant since, Position after, int offset, int limit) {
        Statement statement = filter(agency, type, since);
        if (after != null) {
            // a row comparison, which PostgreSQL answers as one range of the index
            statement.where.append(" AND (received_at, id) < (").append(statement.parameter(
                    after.receivedAt().atOffset(ZoneOffset.UTC))).append(", ").append(statement.parameter(after.id()))
                    .append(")");
        }
        String sql = "SELECT id, external_ref, type, version, status, received_at, updated_at FROM case_report WHERE "
                + statement.where + " ORDER BY received_at DESC, id DESC OFFSET " + statement.parameter(offset)
                + " LIMIT " + statement.parameter(limit);
        return pool.preparedQuery(sql).execute(Tuple.from(statement.values)).map(rows -> {
            List<Row> page = new ArrayList<>(limit);
            for (io.vertx.mutiny.sqlclient.Row r : rows) {
                page.add(new Row(r.getUUID(0), r.getString(1), r.getString(2), r.getInteger(3), r.getString(4),
                        r.getOffsetDateTime(5).toInstant(), r.getOffsetDateTime(6).toInstant()));
            }
            return page;
        }).onFailure().transform(e -> failed("Listing the reports of " + agency, e));
    }

    /** How many reports {@link #page} would list in all: a count of every matching row, O(n). */
    public Uni<Long> count(String agency, String type, Instant since) {
        Statement statement = filter(agency, type, since);
        return pool.preparedQuery("SELECT count(*) FROM case_report WHERE " + statement.where)
                .execute(Tuple.from(statement.values)).map(rows -> rows.iterator().next().getLong(0))
                .onFailure().transform(e -> failed("Counting the reports of " + agency, e));
    }

    /** The list's filters: the agency's reports, of the type and received since, when given. */
    private static Statement filter(String agency, String type, Instant since) {
        Statement statement = new Statement();
        statement.where.append("agency = ").append(statement.parameter(agency));
        if (type != null) {
            statement.where.append(" AND type = ").append(statement.parameter(type));
        }
        if (since != null) {
            statement.where.append(" AND received_at >= ").append(statement.parameter(since.atOffset(ZoneOffset.UTC)));
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

    /** A failure of the reactive client as JDBC would have reported it. */
    public static PersistenceException failed(String what, Throwable failure) {
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
