package org.fusionexchange.alert.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.RouteState;
import org.fusionexchange.alert.service.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Flyway-migrated alert table as the projection of the alerts topic writes it: an alert read back is the alert
 * published, a Cancel has no content at all, a redelivered alert is skipped rather than stored twice, a second alert
 * of a report's version to the same recipient is refused, and a report's routing state can be rebuilt from its
 * alerts. Recipients here are made up, so that routing never numbers for them.
 */
@QuarkusTest
class AlertTableTest {

    @Inject
    AlertRepository alerts;

    @ParameterizedTest(name = "by copy: {0}")
    @ValueSource(booleans = {false, true})
    void anAlertStoredByTheProjectionReadsBackAsPublishedAndARedeliveryIsSkipped(boolean byCopy) {
        String recipient = madeUpRecipient();
        UUID reportId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Alert first = alert(recipient, 1, reportId, 1, MsgType.Alert, List.of(), now);
        Alert cancel = new Alert(UUID.randomUUID(), 2, recipient, null, CancelReason.MARKING_CHANGED, reportId, 2,
                List.of(first.id()), null, null, null, MsgType.Cancel, null, null, null, null, null, null, now, now,
                null);

        List<Alert> poll = poll(byCopy, first, cancel);
        assertEquals(poll.size(), QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(poll)));
        assertEquals(first, read(first.id()));
        assertEquals(cancel, read(cancel.id()));
        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> alerts.lastSeq(recipient)));

        // the same poll again, as after a crash before the offsets were committed
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(poll)));
        assertEquals(2L, QuarkusTransaction.requiringNew().call(() -> alerts.count("recipient", recipient)));
    }

    @ParameterizedTest(name = "by copy: {0}")
    @ValueSource(booleans = {false, true})
    void aPollHoldingAnAlertStoredBeforeStoresTheOthersWithEveryColumnAsPublished(boolean byCopy) {
        String recipient = madeUpRecipient();
        UUID reportId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Alert first = alert(recipient, 1, reportId, 1, MsgType.Alert, List.of(), now);
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(List.of(first))));
        // two references, a south-western point, a time before PostgreSQL's epoch (2000), text beyond ASCII
        Alert update = new Alert(UUID.randomUUID(), 2, recipient, Reason.TASK_FORCE, null, reportId, 2,
                List.of(first.id(), UUID.randomUUID()), "TAMPA-PD", "overdose", "Actual", MsgType.Update, "Expected",
                Severity.Severe, "Observed", "Sobredosis no fatal en S\u00e3o Paulo \ud83d\ude91",
                new Alert.Area("BR-SP", new Alert.Point(-23.5505, -46.6333)), new Alert.Marking("GREEN"),
                Instant.parse("1999-12-31T23:59:59.999999Z"), now, null);
        Alert noPoint = new Alert(UUID.randomUUID(), 1, recipient + "X", Reason.JURISDICTION, null, reportId, 2,
                List.of(), "TAMPA-PD", "overdose", "Actual", MsgType.Alert, "Expected", Severity.Minor, "Observed",
                "Non-fatal overdose", new Alert.Area("US-FL", null), new Alert.Marking("AMBER+STRICT"), now, now,
                null);

        // a poll with the first again: by copy, the copy meets its id and the rows go in by insert instead
        List<Alert> poll = poll(byCopy, first, update, noPoint);
        QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(poll));
        for (Alert a : poll) {
            assertEquals(a, read(a.id()), "every alert of the poll is stored as published");
        }
        assertEquals(2L, QuarkusTransaction.requiringNew().call(() -> alerts.count("recipient", recipient)),
                "the first alert is stored once");
        // a poll of new alerts only
        Alert third = alert(recipient, 3, UUID.randomUUID(), 1, MsgType.Alert, List.of(), now);
        List<Alert> newOnly = poll(byCopy, third);
        assertEquals(newOnly.size(), QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(newOnly)));
        for (Alert a : newOnly) {
            assertEquals(a, read(a.id()));
        }
        assertEquals(3, QuarkusTransaction.requiringNew().call(() -> alerts.lastSeq(recipient)));
    }

    @ParameterizedTest(name = "by copy: {0}")
    @ValueSource(booleans = {false, true})
    void aSecondAlertOfTheSameReportVersionToTheSameRecipientIsRefused(boolean byCopy) {
        String recipient = madeUpRecipient();
        UUID report = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Alert first = alert(recipient, 1, report, 1, MsgType.Alert, List.of(), at);
        Alert again = alert(recipient, 2, report, 1, MsgType.Alert, List.of(), at);
        Alert toAnother = alert(recipient + "X", 1, report, 1, MsgType.Alert, List.of(), at);
        QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(List.of(first)));

        PersistenceException refused = assertThrows(PersistenceException.class,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(poll(byCopy, again))));
        String why = String.valueOf(rootCause(refused).getMessage());
        assertTrue(why.contains("alert_once_per_report_version_and_recipient"),
                "refused by the unique index on (report, version, recipient): " + why);
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(List.of(toAnother))),
                "the same version to another recipient is stored");
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> alerts.count("recipient", recipient)));
    }

    @Test
    void aReportsRoutingStateIsRebuiltFromItsAlerts() {
        String holder = madeUpRecipient();
        String cancelled = madeUpRecipient();
        UUID reportId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Alert toHolder = alert(holder, 1, reportId, 1, MsgType.Alert, List.of(), now);
        Alert toCancelled = alert(cancelled, 1, reportId, 1, MsgType.Alert, List.of(), now);
        Alert update = alert(holder, 2, reportId, 2, MsgType.Update, List.of(toHolder.id()), now);
        Alert cancel = new Alert(UUID.randomUUID(), 2, cancelled, null, CancelReason.JURISDICTION_CHANGED, reportId,
                2, List.of(toCancelled.id()), null, null, null, MsgType.Cancel, null, null, null, null, null, null,
                now, now, null);
        QuarkusTransaction.requiringNew().call(() -> alerts.insertAll(List.of(toHolder, toCancelled, update, cancel)));

        RouteState state = QuarkusTransaction.requiringNew().call(() -> alerts.routeState(reportId));
        assertEquals(new RouteState(2, "OVERDOSE", "US-FL-12057", "AMBER", List.of(),
                Map.of(holder, Reason.JURISDICTION),
                Map.of(holder, List.of(toHolder.id(), update.id()), cancelled, List.of(toCancelled.id(), cancel.id()))),
                state);
        assertNull(QuarkusTransaction.requiringNew().call(() -> alerts.routeState(UUID.randomUUID())),
                "no alert, no state");
    }

    /**
     * The alerts as one poll, written by multi-row inserts; or, {@code byCopy}, after as many more (each to a
     * made-up recipient of its own) as make it a poll written by copy.
     */
    private static List<Alert> poll(boolean byCopy, Alert... alerts) {
        List<Alert> poll = new ArrayList<>(List.of(alerts));
        assertTrue(poll.size() < AlertRepository.COPY_FROM);
        while (byCopy && poll.size() < AlertRepository.COPY_FROM) {
            poll.add(alert(madeUpRecipient(), 1, UUID.randomUUID(), 1, MsgType.Alert, List.of(),
                    alerts[0].createdAt()));
        }
        return poll;
    }

    private static String madeUpRecipient() {
        return "TABLE-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private Alert read(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Alert.of(alerts.findById(id)));
    }

    private static Alert alert(String recipient, long seq, UUID reportId, int version, MsgType msgType,
            List<UUID> references, Instant now) {
        return new Alert(UUID.randomUUID(), seq, recipient, Reason.JURISDICTION, null, reportId, version, references,
                "TAMPA-PD", "overdose", "Actual", msgType, "Expected", Severity.Severe, "Observed",
                "Non-fatal overdose", new Alert.Area("US-FL-12057", new Alert.Point(27.95, -82.46)),
                new Alert.Marking("AMBER"), now, now, null);
    }
}
