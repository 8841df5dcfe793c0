package org.fusionexchange.intake.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The Flyway-migrated case_report table holds what Hibernate writes, JSON included. */
@QuarkusTest
class CaseReportTableTest {

    @Inject
    CaseReportRepository reports;

    @Inject
    ObjectMapper json;

    @Test
    void aRowRoundTrips() throws Exception {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> reports.persist(entity(id, now)));

        CaseReportEntity read = QuarkusTransaction.requiringNew().call(() -> reports.findById(id));
        assertNotNull(read);
        assertEquals("TABLE-TEST", read.agency);
        assertEquals("CASE-1", read.externalRef);
        assertEquals(now, read.receivedAt);
        assertEquals(json.readTree("{\"headline\":\"Round trip \\u00e9\"}"), json.readTree(read.body));
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
        entity.body = "{\"headline\":\"Round trip \\u00e9\"}";
        return entity;
    }
}
