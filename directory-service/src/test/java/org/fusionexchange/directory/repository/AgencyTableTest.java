package org.fusionexchange.directory.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The Flyway-migrated agency table round-trips a row. */
@QuarkusTest
class AgencyTableTest {

    @Inject
    AgencyRepository agencies;

    @Test
    void aRowRoundTrips() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AgencyEntity agency = new AgencyEntity();
        agency.code = "TABLE-TEST-PD";
        agency.name = "Table Test Police Department";
        agency.kind = "LOCAL";
        agency.country = "US";
        agency.status = "ACTIVE";
        agency.createdAt = now;
        agency.updatedAt = now;
        QuarkusTransaction.requiringNew().run(() -> agencies.persist(agency));

        AgencyEntity read = QuarkusTransaction.requiringNew().call(() -> agencies.findById("TABLE-TEST-PD"));
        assertEquals("Table Test Police Department", read.name);
        assertEquals(now, read.createdAt);
        assertEquals(0, read.version);
    }
}
