package org.fusionexchange.intake.repository;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The Flyway-migrated tables hold what Hibernate writes, and each report body once. */
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
        assertEquals(List.of("created_at", "event_id", "report_id", "seq", "trace_parent"), columns("outbox"),
                "the outbox names the event (and, for a traced request, its trace context); it holds no payload");
        String stored = QuarkusTransaction.requiringNew().call(() -> versions.bodyOf(UUID.fromString(id), 1));
        String served = given().auth().oauth2(token).when().get("/api/v1/reports/" + id).then().statusCode(200)
                .extract().asString();
        assertEquals(json.readTree(served), json.readTree(stored), "GET serves the one stored copy");
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
