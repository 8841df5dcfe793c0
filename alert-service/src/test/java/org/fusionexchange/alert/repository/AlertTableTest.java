package org.fusionexchange.alert.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The Flyway-migrated alert table holds a row, and refuses a second alert for the same recipient and version. */
@QuarkusTest
class AlertTableTest {

    @Inject
    AlertRepository alerts;

    @Test
    void aRowRoundTripsAndIsUniquePerRecipientAndVersion() {
        UUID reportId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AlertEntity first = alert(reportId, now);
        QuarkusTransaction.requiringNew().run(() -> alerts.persist(first));

        AlertEntity read = QuarkusTransaction.requiringNew().call(() -> alerts.findById(first.id));
        assertEquals("HCSO", read.recipient);
        assertEquals(reportId, read.reportId);
        assertEquals(now, read.createdAt);

        assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> alerts.persist(alert(reportId, now))));
    }

    private static AlertEntity alert(UUID reportId, Instant now) {
        AlertEntity alert = new AlertEntity();
        alert.id = UUID.randomUUID();
        alert.recipient = "HCSO";
        alert.reportId = reportId;
        alert.reportVersion = 1;
        alert.topic = "overdose";
        alert.msgType = "Alert";
        alert.createdAt = now;
        return alert;
    }
}
