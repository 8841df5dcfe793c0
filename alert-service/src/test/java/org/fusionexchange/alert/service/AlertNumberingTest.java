package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.messaging.CaseReportEvent;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Alert numbers reveal nothing about other agencies' traffic (issue 14, point 6): each recipient's alerts are
 * numbered 1, 2, 3, ... without gaps, whatever the others receive, and a routing batch that rolls back leaves no gap.
 */
@QuarkusTest
class AlertNumberingTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRoutingService routing;

    @Inject
    AlertRepository alerts;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void eachRecipientsAlertsAreNumberedOneToNWithoutGaps() throws Exception {
        // three Hillsborough overdoses (HCSO and DEA) and two Pima seizures (DEA, not HCSO)
        List<CaseReportEvent> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(event("overdose-tampa-submitted.json"));
        }
        for (int i = 0; i < 2; i++) {
            batch.add(event("drug-seizure-phoenix-tucson.json"));
        }
        long hcsoBefore = numbers("HCSO").size();
        long deaBefore = numbers("DEA").size();
        assertEquals(3 * 4 + 2 * 4, routing.process(batch));

        assertEquals(hcsoBefore + 3, numbers("HCSO").size());
        assertEquals(deaBefore + 5, numbers("DEA").size());
        assertOneToN("HCSO");
        assertOneToN("DEA");
        assertOneToN("TUCSON-PD");
    }

    @Test
    void aRolledBackRoutingBatchLeavesNoGap() throws Exception {
        assertEquals(4, routing.process(List.of(event("overdose-tampa-submitted.json"))));
        List<Long> before = numbers("HCSO");

        // a good report and one whose originator is longer than its column: the insert fails, the batch rolls back
        CaseReportEvent good = event("overdose-tampa-submitted.json");
        ObjectNode poisoned = Exchange.report("overdose-tampa-submitted.json", UUID.randomUUID());
        ((ObjectNode) poisoned.get("value")).put("agency", "AN-ORIGINATOR-CODE-FAR-LONGER-THAN-32-CHARACTERS");
        assertThrows(Exception.class, () -> routing.process(
                List.of(good, json.treeToValue(poisoned.get("value"), CaseReportEvent.class))));
        assertEquals(before, numbers("HCSO"), "nothing of the rolled-back batch stays");
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", good.reportId())));

        assertEquals(4, routing.process(List.of(good)));
        List<Long> after = numbers("HCSO");
        assertEquals(before.size() + 1, after.size());
        assertEquals(before.get(before.size() - 1) + 1, after.get(after.size() - 1),
                "the next number after the rollback is the one the rolled-back batch had taken");
        assertOneToN("HCSO");
        assertOneToN("FL-FUSION");
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

    private CaseReportEvent event(String example) throws Exception {
        return json.treeToValue(Exchange.report(example, UUID.randomUUID()).get("value"), CaseReportEvent.class);
    }
}
