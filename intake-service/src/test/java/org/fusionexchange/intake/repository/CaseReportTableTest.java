package org.fusionexchange.intake.repository;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Flyway-migrated tables hold what Hibernate and {@link NewReportRows} write, each report body once; a group of new
 * reports goes in whole or not at all.
 */
@QuarkusTest
class CaseReportTableTest {

    private static final String BODY = "{\"headline\": \"Round trip \\u00e9\",  \"kept\": [1, 2]}";

    @InjectFusionStack
    FusionStack stack;

    @Inject
    CaseReportRepository reports;

    @Inject
    ReportVersionRepository versions;

    @Inject
    EntityManager em;

    @Inject
    NewReportRows newRows;

    @Inject
    OutboxRepository outbox;

    @Inject
    ObjectMapper json;

    @Test
    void aReportAndItsVersionRoundTripTheBodyByteForByte() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            reports.persist(entity(id, now));
            ReportVersionEntity version = new ReportVersionEntity();
            version.eventId = UUID.randomUUID();
            version.reportId = id;
            version.version = 1;
            version.eventType = "ReportSubmitted";
            version.createdAt = now;
            version.body = BODY;
            versions.persist(version);
        });

        CaseReportEntity read = QuarkusTransaction.requiringNew().call(() -> reports.findById(id));
        assertNotNull(read);
        assertEquals("TABLE-TEST", read.agency);
        assertEquals("CASE-1", read.externalRef);
        assertEquals(now, read.receivedAt);
        // text, not jsonb: spacing and escapes stay as written, nothing is parsed on the way in
        assertEquals(BODY, QuarkusTransaction.requiringNew().call(() -> versions.bodyOf(id, 1)));
    }

    @Test
    void aSubmittedReportsBodyIsStoredOnceAndItsOutboxRowCarriesNoCopy() throws Exception {
        DirectoryTopic.demoAgencies(stack);
        String token = Tokens.of(stack, "tampa.reporter");
        String id = SampleReports.submit(token, SampleReports.overdose());

        assertEquals(List.of("agency", "external_ref", "id", "received_at", "status", "type", "updated_at",
                "version"), columns("case_report"), "case_report holds narrow columns, no body");
        assertEquals(List.of("created_at", "event_ids", "seq", "trace_parents"), columns("outbox"),
                "an outbox row names a transaction's events (and, for traced requests, their trace context); it holds"
                        + " no payload");
        String stored = QuarkusTransaction.requiringNew().call(() -> versions.bodyOf(UUID.fromString(id), 1));
        String served = given().auth().oauth2(token).when().get("/api/v1/reports/" + id).then().statusCode(200)
                .extract().asString();
        assertEquals(json.readTree(served), json.readTree(stored), "GET serves the one stored copy");
    }

    @Test
    void noForeignKeyTiesAVersionToItsReport() {
        // V10 dropped it: the transaction keeps a version with its report (checked below), at a third of the cost
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM pg_constraint WHERE conrelid = 'report_version'::regclass AND contype = 'f'")
                .getSingleResult()).longValue()));
    }

    @ParameterizedTest(name = "by copy: {0}")
    @ValueSource(booleans = {false, true})
    void newReportsRowsGoInTogetherWithTheirValuesAsGivenByInsertsOrByCopy(boolean byCopy) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        NewReportRows.Row wholeSecond = row(UUID.randomUUID(), now.truncatedTo(ChronoUnit.SECONDS));
        NewReportRows.Row finerThanKept = row(UUID.randomUUID(), now.plusNanos(999));
        QuarkusTransaction.requiringNew().run(() -> newRows.insert(group(byCopy, wholeSecond, finerThanKept)));
        assertEquals(wholeSecond.receivedAt(), QuarkusTransaction.requiringNew()
                .call(() -> reports.findById(wholeSecond.id())).receivedAt);
        assertEquals(now, QuarkusTransaction.requiringNew().call(() -> reports.findById(finerThanKept.id())).receivedAt,
                "a time finer than the microsecond is truncated");

        NewReportRows.Row first = row(UUID.randomUUID(), now);
        NewReportRows.Row second = row(UUID.randomUUID(), now.plusMillis(1));

        // before PostgreSQL's epoch (2000), with every digit of the microseconds (the relay publishes these rows, and
        // a Kafka record's timestamp cannot be before 1970)
        NewReportRows.Row old = row(UUID.randomUUID(), Instant.parse("1999-12-31T23:59:59.999999Z"));
        // text beyond ASCII, as UTF-8: accents, a CJK character, one outside the BMP; and JSON's escapes in the body
        String text = "Caf\u00e9 \u6771 \ud83d\ude80";
        NewReportRows.Row written = new NewReportRows.Row(UUID.randomUUID(), "TABLE-\u00c9", "CASE-" + text + now,
                "OVERDOSE", 7, "ACTIVE", now, now.plusMillis(5), UUID.randomUUID(), "ReportSubmitted",
                "{\"headline\": \"" + text + " \\\"quoted\\\" \\\\ \\t \\n\"}");
        List<NewReportRows.Row> group = group(byCopy, first, second, old, written);
        QuarkusTransaction.requiringNew().run(() -> newRows.insert(group));

        for (NewReportRows.Row row : group) {
            CaseReportEntity read = QuarkusTransaction.requiringNew().call(() -> reports.findById(row.id()));
            assertEquals(row.agency(), read.agency);
            assertEquals(row.externalRef(), read.externalRef);
            assertEquals(row.type(), read.type);
            assertEquals(row.version(), read.version);
            assertEquals(row.status(), read.status);
            assertEquals(row.receivedAt(), read.receivedAt);
            assertEquals(row.updatedAt(), read.updatedAt);
            assertEquals(row.body(), QuarkusTransaction.requiringNew().call(() -> versions.bodyOf(row.id(),
                    row.version())));
            Object[] version = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "SELECT report_id, version, event_type, created_at FROM report_version WHERE event_id = :event")
                    .setParameter("event", row.eventId()).getSingleResult());
            assertEquals(row.id(), version[0]);
            assertEquals(row.version(), ((Number) version[1]).intValue());
            assertEquals(row.eventType(), version[2]);
            assertEquals(row.updatedAt(), version[3]);
        }
    }

    @ParameterizedTest(name = "by copy: {0}")
    @ValueSource(booleans = {false, true})
    void aGroupWithOneRowThatCannotGoInLeavesNothingOfAnyAndSaysWhy(boolean byCopy) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        NewReportRows.Row stored = row(UUID.randomUUID(), now);
        QuarkusTransaction.requiringNew().run(() -> newRows.insert(List.of(stored)));
        NewReportRows.Row fresh = row(UUID.randomUUID(), now);
        // the same report id again: its row cannot go in, and neither can the group's others
        NewReportRows.Row again = new NewReportRows.Row(stored.id(), "TABLE-TEST", "CASE-again", "OVERDOSE", 1,
                "ACTIVE", now, now, UUID.randomUUID(), "ReportSubmitted", BODY);
        // the transaction's outbox row is written first here, so that its rollback is seen too
        PersistenceException refused = assertThrows(PersistenceException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    List<NewReportRows.Row> rows = group(byCopy, fresh, again);
                    outbox.written(rows.stream().map(NewReportRows.Row::eventId).toList(), now, null);
                    newRows.insert(rows);
                }));
        SQLException cause = (SQLException) refused.getCause();
        assertEquals("23505", cause.getSQLState(), "a unique violation: " + cause);
        assertNull(QuarkusTransaction.requiringNew().call(() -> reports.findById(fresh.id())),
                "nothing of the group is stored");
        // no foreign key ties a version to its report: the transaction alone keeps them together
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM report_version WHERE event_id IN (:a, :b)").setParameter("a",
                        fresh.eventId()).setParameter("b", again.eventId()).getSingleResult()).longValue()),
                "no version of the group is left");
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE :a = ANY (event_ids) OR :b = ANY (event_ids)").setParameter("a",
                        fresh.eventId()).setParameter("b", again.eventId()).getSingleResult()).longValue()),
                "no outbox row of the group is left");
        // the reports' rows go in and a version cannot (an event id again): no report is left without its version
        NewReportRows.Row other = row(UUID.randomUUID(), now);
        NewReportRows.Row sameEvent = new NewReportRows.Row(UUID.randomUUID(), "TABLE-TEST", "CASE-same-event",
                "OVERDOSE", 1, "ACTIVE", now, now, stored.eventId(), "ReportSubmitted", BODY);
        PersistenceException versionRefused = assertThrows(PersistenceException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> newRows.insert(group(byCopy, other, sameEvent))));
        assertEquals("23505", ((SQLException) versionRefused.getCause()).getSQLState());
        for (NewReportRows.Row row : List.of(other, sameEvent)) {
            assertNull(QuarkusTransaction.requiringNew().call(() -> reports.findById(row.id())),
                    "a report whose group's versions could not go in is not stored");
        }
        // a value its column cannot hold (varchar(32)) refuses the group as PostgreSQL's check says, nothing stored
        NewReportRows.Row fits = row(UUID.randomUUID(), now);
        NewReportRows.Row tooLong = new NewReportRows.Row(UUID.randomUUID(), "X".repeat(33), "CASE-too-long",
                "OVERDOSE", 1, "ACTIVE", now, now, UUID.randomUUID(), "ReportSubmitted", BODY);
        PersistenceException tooLongRefused = assertThrows(PersistenceException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> newRows.insert(group(byCopy, fits, tooLong))));
        assertEquals("22001", ((SQLException) tooLongRefused.getCause()).getSQLState(), "value too long");
        assertNull(QuarkusTransaction.requiringNew().call(() -> reports.findById(fits.id())));
        // and the next group goes in
        QuarkusTransaction.requiringNew().run(() -> newRows.insert(List.of(fits)));
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> reports.findById(fits.id())));
        // outside a transaction it refuses to write at all
        assertThrows(TransactionalException.class, () -> newRows.insert(List.of(row(UUID.randomUUID(), now))));
    }

    /**
     * The rows as one group, written by multi-row inserts; or, {@code byCopy}, after as many more of their own as
     * make it a group written by copy.
     */
    private static List<NewReportRows.Row> group(boolean byCopy, NewReportRows.Row... rows) {
        List<NewReportRows.Row> group = new ArrayList<>(List.of(rows));
        assertTrue(group.size() < NewReportRows.COPY_FROM);
        while (byCopy && group.size() < NewReportRows.COPY_FROM) {
            group.add(row(UUID.randomUUID(), rows[0].receivedAt()));
        }
        return group;
    }

    private static NewReportRows.Row row(UUID id, Instant at) {
        return new NewReportRows.Row(id, "TABLE-TEST", "CASE-" + id, "OVERDOSE", 1, "ACTIVE", at, at,
                UUID.randomUUID(), "ReportSubmitted", BODY);
    }

    @SuppressWarnings("unchecked")
    private List<String> columns(String table) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select column_name from information_schema.columns where table_name = :table order by column_name")
                .setParameter("table", table).getResultList());
    }

    private static CaseReportEntity entity(UUID id, Instant now) {
        CaseReportEntity entity = new CaseReportEntity();
        entity.id = id;
        entity.agency = "TABLE-TEST";
        entity.externalRef = "CASE-1";
        entity.type = "OVERDOSE";
        entity.version = 1;
        entity.status = "ACTIVE";
        entity.receivedAt = now;
        entity.updatedAt = now;
        return entity;
    }
}
