package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Alert numbers reveal nothing about other agencies' traffic (issue 14, point 6): each recipient's alerts are
 * numbered 1, 2, 3, ... without gaps, whatever the others receive, and an event that can never be routed takes no
 * number. Routing writes its alerts unnumbered, each agency's in one partition of {@code alerts}, and every reader
 * numbers them by counting in {@code read_committed} order: the projection stores the numbers with its position, and
 * this test's own reader, counting from the topic's beginning, finds the same.
 */
@QuarkusTest
class AlertNumberingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void eachRecipientsAlertsAreNumberedOneToNWithoutGaps() {
        // three Hillsborough overdoses (HCSO and DEA) and two Pima seizures (DEA, not HCSO)
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(Exchange.report("overdose-tampa-submitted.json", UUID.randomUUID()));
        }
        for (int i = 0; i < 2; i++) {
            batch.add(Exchange.report("drug-seizure-phoenix-tucson.json", UUID.randomUUID()));
        }
        long hcsoBefore = numbers("HCSO").size();
        long deaBefore = numbers("DEA").size();
        Exchange.send(stack, "case-reports", batch);

        Exchange.await("the batch's alerts", WAIT, () -> numbers("HCSO").size() == hcsoBefore + 3
                && numbers("DEA").size() == deaBefore + 5);
        assertOneToN("HCSO");
        assertOneToN("DEA");
        assertOneToN("TUCSON-PD");
    }

    @Test
    void anEventThatCanNeverBeRoutedTakesNoNumber() {
        Exchange.routedOverdose(stack, alerts, WAIT);
        List<Long> before = numbers("HCSO");

        // between two good reports, one whose originator is longer than its column: dead-lettered, never numbered
        ObjectNode poisoned = Exchange.report("overdose-tampa-submitted.json", UUID.randomUUID());
        ((ObjectNode) poisoned.get("value")).put("agency", "AN-ORIGINATOR-CODE-FAR-LONGER-THAN-32-CHARACTERS");
        UUID good = UUID.randomUUID();
        Exchange.send(stack, "case-reports", poisoned, Exchange.report("overdose-tampa-submitted.json", good));

        Exchange.await("the good report's alerts", WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", good)) == 4);
        List<Long> after = numbers("HCSO");
        assertEquals(before.size() + 1, after.size(), "one new alert for HCSO: the poisoned report has none");
        assertEquals(before.get(before.size() - 1) + 1, after.get(after.size() - 1),
                "the good report's number follows the one before the poisoned report");
        assertOneToN("HCSO");
        assertOneToN("FL-FUSION");
    }

    @Test
    void anAlertANewerVersionWroteWithAValueThisOneDoesNotKnowIsStoredUnderItsNumber() {
        UUID routed = Exchange.routedOverdose(stack, alerts, WAIT);
        ObjectNode hcso = (ObjectNode) Exchange.alertsOfReport(stack, routed, 4, WAIT).stream()
                .filter(p -> p.key().equals("HCSO")).findFirst().orElseThrow().value().deepCopy();
        // as a later version might route it: a reason this version has no name for
        UUID newer = UUID.randomUUID();
        hcso.put("id", UUID.randomUUID().toString()).put("seq", 0).put("reportId", newer.toString())
                .put("reason", "SOMETHING_NEW");
        ObjectNode record = Exchange.report("overdose-tampa-submitted.json", newer);
        record.put("key", "HCSO").set("value", hcso);
        record.putObject("headers");
        List<Long> before = numbers("HCSO");
        Exchange.send(stack, "alerts", record);

        Exchange.await("the newer alert in the projection", WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", newer)) == 1);
        long seq = QuarkusTransaction.requiringNew().call(() -> alerts.find("reportId", newer).firstResult().seq);
        assertEquals(before.get(before.size() - 1) + 1, seq, "stored under the number the feed gave it too");
        String body = QuarkusTransaction.requiringNew().call(() -> (String) alerts.getEntityManager()
                .createNativeQuery("select body from alert where report_id = :r").setParameter("r", newer)
                .getSingleResult());
        assertTrue(body.contains("SOMETHING_NEW"), "its JSON as published: " + body);
        Exchange.routedOverdose(stack, alerts, WAIT);
        assertOneToN("HCSO");
    }

    @Test
    void theNumbersCountedOnTheAlertsTopicAreTheProjections() {
        UUID reportId = Exchange.routedOverdose(stack, alerts, WAIT);
        List<Exchange.Published> published = Exchange.alertsOfReport(stack, reportId, 4, WAIT);
        assertEquals(4, published.size());
        for (Exchange.Published p : published) {
            String recipient = p.value().get("recipient").asText();
            long seq = QuarkusTransaction.requiringNew().call(() -> alerts.find("reportId = ?1 and recipient = ?2",
                    reportId, recipient).firstResult().seq);
            assertEquals(seq, p.value().get("seq").asLong(), recipient + "'s number counted and in the table");
            assertEquals(recipient, p.key());
        }
    }

    private void assertOneToN(String recipient) {
        List<Long> numbers = numbers(recipient);
        assertTrue(!numbers.isEmpty(), recipient + " has alerts");
        assertEquals(LongStream.rangeClosed(1, numbers.size()).boxed().toList(), numbers,
                recipient + "'s alerts, numbered 1 to n");
    }

    /** Every number of the recipient's alerts, in order. */
    private List<Long> numbers(String recipient) {
        return QuarkusTransaction.requiringNew().call(() -> alerts.getEntityManager()
                .createQuery("select a.seq from AlertEntity a where a.recipient = :r order by a.seq", Long.class)
                .setParameter("r", recipient)
                .getResultList());
    }
}
