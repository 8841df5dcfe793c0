package org.fusionexchange.intake.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.Metrics;
import org.fusionexchange.intake.service.AgencyDirectory;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** directory.agencies in: what is persisted and applied, what is refused, and what goes to the dead-letter topic. */
@QuarkusTest
class DirectoryConsumerTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    AgencyDirectory directory;

    @Inject
    EntityManager em;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void theViewIsCaughtUpFromKafkaAndReadinessSaysSo() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'directory' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'directory' }.data.source", equalTo("kafka"));
        assertEquals(List.of("ACTIVE", 1L), stored("TAMPA-PD"), "each snapshot is persisted for the next start");
    }

    @Test
    void aSnapshotWithALowerOrEqualVersionChangesNeitherTheViewNorTheTable() throws Exception {
        String code = "REPLAY-PD";
        DirectoryTopic.publish(stack, DirectoryTopic.snapshot(code, "SUSPENDED", 10));
        await(() -> directory.isSuspended(code));
        // a forger or a replay: the same version un-suspending, then an older one
        DirectoryTopic.publish(stack, DirectoryTopic.snapshot(code, "ACTIVE", 10));
        DirectoryTopic.publish(stack, DirectoryTopic.snapshot(code, "ACTIVE", 9));
        DirectoryTopic.publish(stack, DirectoryTopic.snapshot("REPLAY-MARK", "ACTIVE", 1));
        await(() -> directory.isKnown("REPLAY-MARK"));
        assertTrue(directory.isSuspended(code));
        assertEquals(List.of("SUSPENDED", 10L), stored(code));
        DirectoryTopic.publish(stack, DirectoryTopic.snapshot(code, "ACTIVE", 11));
        await(() -> !directory.isSuspended(code));
        assertEquals(List.of("ACTIVE", 11L), stored(code));
    }

    @Test
    void aRecordThatCanNeverBeProcessedGoesToTheDeadLetterTopicAndTheNextIsRead() throws Exception {
        DirectoryTopic.ensureDeadLetterTopic(stack);
        double countedBefore = deadLettersCounted();
        byte[] unreadable = "{\"code\": \"BROKEN-PD\", ".getBytes(StandardCharsets.UTF_8);
        byte[] mismatched = DirectoryTopic.snapshot("PCSO", "SUSPENDED", 1_000).toString()
                .getBytes(StandardCharsets.UTF_8);
        String longCode = "TOO-LONG-" + "X".repeat(40);
        byte[] tooLong = DirectoryTopic.snapshot(longCode, "ACTIVE", 1).toString().getBytes(StandardCharsets.UTF_8);
        long o1 = DirectoryTopic.send(stack, "BROKEN-PD", unreadable);
        long o2 = DirectoryTopic.send(stack, "TAMPA-PD", mismatched);
        long o3 = DirectoryTopic.send(stack, longCode, tooLong);
        var outOfRange = DirectoryTopic.snapshot("QUOTA-PD", "ACTIVE", 1);
        outOfRange.putObject("quota").put("requestsPerSecond", 0).put("burst", 10);
        byte[] badQuota = outOfRange.toString().getBytes(StandardCharsets.UTF_8);
        long o4 = DirectoryTopic.send(stack, "QUOTA-PD", badQuota);
        DirectoryTopic.publish(stack, DirectoryTopic.snapshot("AFTER-POISON-PD", "ACTIVE", 1));

        // the partition goes on: the good record after the poison is applied
        await(() -> directory.isKnown("AFTER-POISON-PD"));
        assertFalse(directory.isSuspended("PCSO"), "a snapshot under another agency's key changes nothing");
        assertFalse(directory.isSuspended("TAMPA-PD"));
        assertFalse(directory.isKnown(longCode));
        assertFalse(directory.isKnown("QUOTA-PD"), "a quota outside the contract's bounds is never applied");
        assertEquals(List.of("ACTIVE", 1L), stored("PCSO"));

        Map<Long, ConsumerRecord<String, byte[]>> dead = DirectoryTopic.deadLetters(stack, Set.of(o1, o2, o3, o4),
                Duration.ofSeconds(30));
        assertEquals(Set.of(o1, o2, o3, o4), dead.keySet());
        assertDeadLetter(dead.get(o1), "BROKEN-PD", unreadable, "the value is not JSON");
        assertDeadLetter(dead.get(o2), "TAMPA-PD", mismatched, "the record's key is not the snapshot's code");
        assertDeadLetter(dead.get(o3), longCode, tooLong,
                "code is missing or not an agency code ([A-Z0-9][A-Z0-9-]{1,31})");
        assertDeadLetter(dead.get(o4), "QUOTA-PD", badQuota, "quota is out of range: requestsPerSecond must be 1 "
                + "to 10000 and burst from requestsPerSecond to 100000");

        assertEquals(countedBefore + 4, deadLettersCounted(), 0.0);
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'dead-letters' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'dead-letters' }.data.degraded", equalTo(true))
                .body("checks.find { it.name == 'dead-letters' }.data.deadLetters", equalTo((int) countedBefore + 4));
    }

    private static void assertDeadLetter(ConsumerRecord<String, byte[]> record, String key, byte[] value,
            String reason) {
        assertEquals(key, record.key());
        assertArrayEquals(value, record.value());
        assertEquals(reason, DirectoryTopic.header(record, "dlq-reason"));
        assertEquals("directory.agencies", DirectoryTopic.header(record, "dlq-topic"));
        assertEquals("0", DirectoryTopic.header(record, "dlq-partition"));
        assertEquals("org.fusionexchange.directory.AgencyChanged", DirectoryTopic.header(record, "ce_type"));
    }

    /** fusion_dead_letters_total{topic="directory.agencies"} on /q/metrics, 0 before the first. */
    private static double deadLettersCounted() {
        return Metrics.value("fusion_dead_letters_total", "topic=\"directory.agencies\"");
    }

    private List<Object> stored(String code) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) em.createNativeQuery(
                    "SELECT status, version FROM directory_agency WHERE code = :code")
                    .setParameter("code", code).getSingleResult();
            return List.of(row[0], ((Number) row[1]).longValue());
        });
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for the directory view");
            }
            Thread.sleep(50);
        }
    }
}
