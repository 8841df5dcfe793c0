package org.fusionexchange.alert.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Flyway-migrated alert table holds a row with a database-assigned, increasing sequence number, and refuses a
 * second alert for the same recipient and report version.
 */
@QuarkusTest
class AlertTableTest {

    @Inject
    AlertRepository alerts;

    @Test
    void aRowRoundTripsGetsASequenceAndIsUniquePerRecipientAndVersion() {
        UUID reportId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AlertEntity first = alert(reportId, 1, now);
        AlertEntity second = alert(reportId, 2, now);
        QuarkusTransaction.requiringNew().run(() -> {
            alerts.persist(first);
            alerts.persist(second);
        });
        // the sequence is the database's, and is not read back at insert (so that inserts are batched)
        assertNull(first.seq);
        AlertEntity read = QuarkusTransaction.requiringNew().call(() -> alerts.findById(first.id));
        AlertEntity readSecond = QuarkusTransaction.requiringNew().call(() -> alerts.findById(second.id));
        assertNotNull(read.seq);
        assertTrue(readSecond.seq > read.seq, "in insert order");
        assertEquals("HCSO", read.recipient);
        assertEquals(reportId, read.reportId);
        assertEquals(now, read.createdAt);
        assertEquals(MsgType.Alert, read.msgType);

        assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> alerts.persist(alert(reportId, 1, now))));
    }

    private static AlertEntity alert(UUID reportId, int version, Instant now) {
        AlertEntity alert = new AlertEntity();
        alert.id = UUID.randomUUID();
        alert.recipient = "HCSO";
        alert.reason = Reason.JURISDICTION;
        alert.reportId = reportId;
        alert.reportVersion = version;
        alert.originator = "TAMPA-PD";
        alert.topic = "overdose";
        alert.status = "Actual";
        alert.msgType = MsgType.Alert;
        alert.urgency = "Expected";
        alert.severity = Severity.Severe;
        alert.certainty = "Observed";
        alert.headline = "Non-fatal overdose";
        alert.jurisdiction = "US-FL-12057";
        alert.tlp = "AMBER";
        alert.sentAt = now;
        alert.createdAt = now;
        return alert;
    }
}
