package org.fusionexchange.alert.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Flyway-migrated alert table holds a row numbered by its writer, a Cancel with no content at all, and refuses a
 * second alert for the same recipient and report version or the same recipient and number.
 */
@QuarkusTest
class AlertTableTest {

    @Inject
    AlertRepository alerts;

    @Test
    void aRowRoundTripsAndIsUniquePerRecipientAndVersionAndPerRecipientAndNumber() {
        UUID reportId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AlertEntity first = alert(reportId, 1, now);
        QuarkusTransaction.requiringNew().run(() -> {
            alerts.lockRecipients(List.of("HCSO"));
            alerts.number(List.of(first));
            alerts.persist(first);
        });
        AlertEntity read = QuarkusTransaction.requiringNew().call(() -> alerts.findById(first.id));
        assertEquals(first.seq, read.seq);
        assertEquals("HCSO", read.recipient);
        assertEquals(reportId, read.reportId);
        assertEquals(now, read.createdAt);
        assertEquals(MsgType.Alert, read.msgType);
        assertEquals("Non-fatal overdose", read.headline);

        assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> alerts.persist(alert(reportId, 1, now))));
        AlertEntity sameNumber = alert(reportId, 2, now);
        sameNumber.seq = first.seq;
        assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> alerts.persist(sameNumber)));
    }

    @Test
    void aCancelRowHoldsIdentifiersReferencesAndItsReasonOnly() {
        UUID reportId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AlertEntity earlier = alert(reportId, 1, now);
        AlertEntity cancel = new AlertEntity();
        cancel.id = UUID.randomUUID();
        cancel.recipient = "HCSO";
        cancel.reportId = reportId;
        cancel.reportVersion = 2;
        cancel.msgType = MsgType.Cancel;
        cancel.cancelReason = CancelReason.MARKING_CHANGED;
        cancel.references = new UUID[] {earlier.id};
        cancel.sentAt = now;
        cancel.createdAt = now;
        QuarkusTransaction.requiringNew().run(() -> {
            alerts.lockRecipients(List.of("HCSO"));
            alerts.number(List.of(earlier, cancel));
            alerts.persist(earlier);
            alerts.persist(cancel);
        });
        assertEquals(earlier.seq + 1, cancel.seq, "numbered in list order");
        Alert read = QuarkusTransaction.requiringNew().call(() -> Alert.of(alerts.findById(cancel.id)));
        assertEquals(new Alert(cancel.id, cancel.seq, "HCSO", null, CancelReason.MARKING_CHANGED, reportId, 2,
                List.of(earlier.id), null, null, null, MsgType.Cancel, null, null, null, null, null, null, now, now,
                null), read);
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
