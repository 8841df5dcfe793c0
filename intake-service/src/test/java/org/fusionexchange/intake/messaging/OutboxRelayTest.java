package org.fusionexchange.intake.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.CaseReportsTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.repository.OutboxRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KafkaBroker;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** What the outbox promises: accepted while Kafka is away, published when it returns, after a relay restart too. */
@QuarkusTest
class OutboxRelayTest {

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository outbox;

    @Test
    void withKafkaStoppedReportsAreAcceptedAndPublishedInOrderWhenItReturns() {
        String token = Tokens.of(stack, "tampa.reporter");
        KafkaBroker kafka = stack.kafka().orElseThrow();
        List<String> ids = new ArrayList<>();
        String amendedId;
        kafka.process().stop(Duration.ofSeconds(30));
        try {
            for (int i = 0; i < 20; i++) {
                ids.add(SampleReports.submit(token, SampleReports.drugSeizure()));
            }
            amendedId = ids.get(3);
            given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                    .body(SampleReports.drugSeizure().toString())
                    .when().put("/api/v1/reports/" + amendedId)
                    .then().statusCode(200).body("version", equalTo(2));
            given().auth().oauth2(token).contentType("application/json").body("{\"reason\":\"duplicate\"}")
                    .when().post("/api/v1/reports/" + amendedId + "/retraction")
                    .then().statusCode(200).body("version", equalTo(3));
            assertEquals(22L, unpublished(ids));
            awaitHealthBacklogAtLeast(22);
        } finally {
            kafka.restart();
        }

        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, ids, 22, Duration.ofSeconds(90),
                Duration.ofSeconds(2));
        Set<String> eventIds = messages.stream().map(m -> m.value().path("eventId").asText())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertEquals(22, eventIds.size(), "every accepted change once (by event id)");
        assertEquals(Set.copyOf(ids), messages.stream().map(CaseReportsTopic.Message::key).collect(Collectors.toSet()));
        List<Integer> versions = messages.stream().filter(m -> m.key().equals(amendedId))
                .map(m -> m.value().path("version").asInt()).distinct().toList();
        assertEquals(List.of(1, 2, 3), versions, "one report's versions in order");
        awaitUnpublished(ids, 0);
    }

    @Test
    void rowsLeftInTheOutboxArePublishedWhenTheRelayStartsAgain() {
        String token = Tokens.of(stack, "tampa.reporter");
        List<String> ids = new ArrayList<>();
        relay.stop();
        try {
            for (int i = 0; i < 5; i++) {
                ids.add(SampleReports.submit(token, SampleReports.overdose()));
            }
            given().when().get("/q/health/ready").then().statusCode(503);
            assertEquals(5L, unpublished(ids));
            assertEquals(0, CaseReportsTopic.await(stack, ids, 1, Duration.ofSeconds(2), Duration.ZERO).size(),
                    "nothing is published while the relay is stopped");
        } finally {
            relay.start();
        }
        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, ids, 5, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        assertEquals(Set.copyOf(ids), messages.stream().map(CaseReportsTopic.Message::key).collect(Collectors.toSet()));
        assertEquals(5, messages.size());
        awaitUnpublished(ids, 0);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aCommittedReportReachesTheTopicWithinAFractionOfASecond() {
        String token = Tokens.of(stack, "tampa.reporter");
        SampleReports.submit(token, SampleReports.minimal());
        long start = System.nanoTime();
        String id = SampleReports.submit(token, SampleReports.minimal());
        List<CaseReportsTopic.Message> messages = CaseReportsTopic.await(stack, List.of(id), 1,
                Duration.ofSeconds(10), Duration.ZERO);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, messages.size());
        // the consumer's own start-up is included; the relay's poll fallback alone would be 1 s
        assertTrue(millis < 3_000, "published after " + millis + " ms");
        // the event's time is when the report was received, the record's timestamp when the relay sent it
        Instant received = Instant.parse(messages.get(0).value().path("time").asText());
        long relayMillis = Duration.between(received, messages.get(0).timestamp()).toMillis();
        assertTrue(relayMillis >= 0 && relayMillis < 1_000, "relayed " + relayMillis + " ms after it was received");
        awaitUnpublished(List.of(id), 0); // the acknowledged message leaves the outbox
    }

    @Test
    void theBacklogIsAMetric() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("intake_outbox_backlog"))
                .body(org.hamcrest.Matchers.containsString("intake_outbox_oldest_age_seconds"));
    }


    private long unpublished(List<String> ids) {
        List<UUID> uuids = ids.stream().map(UUID::fromString).toList();
        return QuarkusTransaction.requiringNew()
                .call(() -> outbox.unpublishedOf(uuids));
    }

    private void awaitUnpublished(List<String> ids, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (unpublished(ids) != expected && System.nanoTime() < deadline) {
            sleep(200);
        }
        assertEquals(expected, unpublished(ids));
    }

    private static void awaitHealthBacklogAtLeast(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            JsonPath health = given().when().get("/q/health/ready").then().extract().jsonPath();
            List<Integer> unpublished = health.getList("checks.findAll { it.name == 'outbox' }.data.unpublished");
            seen = unpublished.isEmpty() ? -1 : unpublished.get(0);
            if (seen >= count) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("the health check showed a backlog of " + seen + ", expected " + count);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
