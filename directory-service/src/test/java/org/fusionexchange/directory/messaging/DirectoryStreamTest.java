package org.fusionexchange.directory.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.fusionexchange.directory.Drafts.code;
import static org.fusionexchange.directory.Drafts.local;
import static org.fusionexchange.directory.Drafts.post;
import static org.fusionexchange.directory.Drafts.taskForce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.directory.ContractExamples;
import org.fusionexchange.directory.Drafts;
import org.fusionexchange.directory.TopicReader;
import org.fusionexchange.directory.TopicReader.Message;
import org.fusionexchange.directory.repository.OutboxMessageRepository;
import org.fusionexchange.directory.service.AgencyService;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Committed changes reach directory.agencies as full snapshots; changes that were not committed never do. */
@QuarkusTest
class DirectoryStreamTest extends AsAdministrator {

    private static final Duration PUBLISHED = Duration.ofSeconds(20);

    @Inject
    AgencyOutbox outbox;

    @Inject
    AgencyService agencies;

    @Inject
    OutboxMessageRepository messages;

    @Test
    void everyCommittedChangeIsPublishedAsASnapshot() {
        String code = code("STREAM");
        Drafts.create(admin, local(code, "US-FL-12057"));
        given().auth().oauth2(admin).post("/api/v1/agencies/" + code + "/suspension").then().statusCode(200);

        List<Message> messages = await().atMost(PUBLISHED)
                .until(() -> TopicReader.forKey(stack, code), m -> m.size() == 2);
        Message created = messages.get(0);
        assertEquals(code, created.value().path("code").asText());
        assertEquals("ACTIVE", created.value().path("status").asText());
        assertEquals(1, created.value().path("version").asInt());
        assertEquals("US-FL-12057", created.value().path("jurisdictions").get(0).asText());
        assertEquals("+18135550100", created.value().path("contact").path("phone").asText());
        Message suspended = messages.get(1);
        assertEquals("SUSPENDED", suspended.value().path("status").asText());
        assertEquals(2, suspended.value().path("version").asInt());
        assertEquals(code, suspended.headers().get("ce_subject"));
        assertTrue(!created.headers().get("ce_id").equals(suspended.headers().get("ce_id")));
    }

    @Test
    void aChangeThatIsRolledBackIsNeverPublished() {
        String code = code("ONCE");
        Drafts.create(admin, local(code, "US-AZ"));
        post(admin, local(code, "US-TX")).statusCode(409);
        String invalid = code("NEVER");
        post(admin, taskForce(invalid, List.of("NO-SUCH-AGENCY"), "US")).statusCode(422);
        given().auth().oauth2(admin).contentType("application/json").header("If-Match", "\"7\"")
                .body(local(code, "US-NM")).put("/api/v1/agencies/" + code).then().statusCode(412);

        // published in commit order on one partition: once the marker is there, anything before it would be too
        String marker = code("MARKER");
        Drafts.create(admin, local(marker, "US"));
        await().atMost(PUBLISHED).until(() -> TopicReader.forKey(stack, marker), m -> m.size() == 1);

        List<Message> all = TopicReader.all(stack);
        assertEquals(1, all.stream().filter(m -> code.equals(m.key())).count());
        assertEquals("US-AZ", all.stream().filter(m -> code.equals(m.key())).findFirst().orElseThrow()
                .value().path("jurisdictions").get(0).asText());
        assertEquals(0, all.stream().filter(m -> invalid.equals(m.key())).count());
    }

    @Test
    void aSnapshotLeftUnsentByACrashIsPublishedByThePollAndMarkedSent() {
        String code = code("CRASH");
        Drafts.create(admin, local(code, "US-NV"));
        await().atMost(PUBLISHED).until(() -> TopicReader.forKey(stack, code), m -> m.size() == 1);

        // as if the service had committed a change and died before its relay ran: no wake-up, only the poll
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(agencies.get(code), Instant.now()));

        await().atMost(PUBLISHED).until(() -> TopicReader.forKey(stack, code), m -> m.size() == 2);
        await().atMost(PUBLISHED).until(() -> QuarkusTransaction.requiringNew().call(
                () -> messages.count("messageKey = ?1 and sentAt is null", code)) == 0);
        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> messages.count("messageKey", code)));
    }

    @Test
    void theRepublicationPublishesEveryAgencyAgainAtItsVersion() {
        String code = code("REPUB");
        Drafts.create(admin, local(code, "US-UT"));
        await().atMost(PUBLISHED).until(() -> TopicReader.forKey(stack, code), m -> m.size() == 1);

        int count = given().auth().oauth2(admin).post("/api/v1/agencies/republication")
                .then().statusCode(202).extract().path("agencies");
        assertTrue(count >= 1);

        List<Message> messages = await().atMost(PUBLISHED)
                .until(() -> TopicReader.forKey(stack, code), m -> m.size() == 2);
        assertEquals(messages.get(0).value(), messages.get(1).value());
    }

    @Test
    void aSuspensionDuringARepublicationIsTheAgencysLastSnapshotOnTheTopic() throws Exception {
        String code = code("RACE");
        Drafts.create(admin, local(code, "US-FL-12057"));
        await().atMost(PUBLISHED).until(() -> TopicReader.forKey(stack, code), m -> m.size() == 1);

        // a republication that has read every agency and not yet committed, and a suspension meanwhile
        java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> republication = threads.submit(() -> QuarkusTransaction.requiringNew()
                    .run(() -> {
                        agencies.republishAll("test");
                        read.countDown();
                        try {
                            commit.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertTrue(read.await(20, java.util.concurrent.TimeUnit.SECONDS));
            java.util.concurrent.Future<?> suspension = threads.submit(() -> agencies.suspend(code, "test",
                    "FL-FUSION"));
            Thread.sleep(500);
            assertTrue(!suspension.isDone(), "the suspension waits for the republication that read the agency");
            commit.countDown();
            republication.get(20, java.util.concurrent.TimeUnit.SECONDS);
            suspension.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }

        // the compacted topic keeps the last record per key: it must be the suspension, at the highest version
        List<Message> messages = await().atMost(PUBLISHED)
                .until(() -> TopicReader.forKey(stack, code), m -> m.size() == 3);
        assertEquals("ACTIVE", messages.get(1).value().path("status").asText(), "the republication's snapshot");
        Message last = messages.get(2);
        assertEquals("SUSPENDED", last.value().path("status").asText());
        assertEquals(2, last.value().path("version").asInt());
    }

    @Test
    void producedMessagesHaveTheShapeOfTheContractExamples() {
        String member = code("CMEMBER");
        Drafts.create(admin, local(member, "US-FL-12057"));
        String tf = code("CTF");
        Map<String, Object> taskForce = taskForce(tf, List.of(member), "US-FL-12057", "US-FL-12103");
        taskForce.put("contact", Map.of("email", "watch@tf.example.org"));
        Drafts.create(admin, taskForce);
        given().auth().oauth2(admin).post("/api/v1/agencies/" + member + "/suspension").then().statusCode(200);
        List<Message> produced = await().atMost(PUBLISHED)
                .until(() -> TopicReader.matching(stack, m -> member.equals(m.key()) || tf.equals(m.key())),
                        m -> m.size() == 3);

        assertSameShape(example("tampa-pd.json"), produced.get(0));
        assertSameShape(example("tampa-bay-tf.json"), produced.get(1));
        assertSameShape(example("phoenix-pd-suspended.json"), produced.get(2));
        assertEquals("SUSPENDED", produced.get(2).value().path("status").asText());
        // an agency without a quota of its own says so with null: each service's default applies
        produced.forEach(m -> assertTrue(m.value().has("quota") && m.value().get("quota").isNull(), m.key()));
    }

    @Test
    void anAgencysQuotaIsPublishedAsTheContractExampleHasIt() {
        JsonNode example = example("hcso-quota.json");
        String code = code("QUOTA");
        Map<String, Object> agency = local(code, "US-FL-12057");
        agency.put("quota", Map.of("requestsPerSecond", 5, "burst", 10));
        Drafts.create(admin, agency);
        given().auth().oauth2(admin).contentType("application/json").header("If-Match", "\"1\"")
                .body(Drafts.with(agency, "quota", null)).put("/api/v1/agencies/" + code).then().statusCode(200);

        List<Message> produced = await().atMost(PUBLISHED)
                .until(() -> TopicReader.forKey(stack, code), m -> m.size() == 2);
        assertSameShape(example, produced.get(0));
        assertEquals(example.path("value").path("quota"), produced.get(0).value().path("quota"));
        assertSameShape(example, produced.get(1));
        assertTrue(produced.get(1).value().get("quota").isNull());
    }

    /**
     * An example of the contract. Those written before the quota existed lack it, which consumers read as null;
     * the producer always writes it, so the expected shape has it.
     */
    private static JsonNode example(String file) {
        ObjectNode example = ContractExamples.example(TopicReader.TOPIC, file).deepCopy();
        ObjectNode value = (ObjectNode) example.get("value");
        if (!value.has("quota")) {
            value.putNull("quota");
        }
        return example;
    }

    /** The same field names and JSON types as the example (null where the example has null), and the headers. */
    private static void assertSameShape(JsonNode example, Message message) {
        ContractExamples.assertSameShape(example, message, "code", false);
        Instant.parse(message.value().path("createdAt").asText());
    }
}
