package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fusionexchange.alert.DemoDirectory;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.SseClient;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The SSE stream: live delivery, resume with Last-Event-ID without gap or duplicate, filters, heartbeats, and a client
 * that stops reading.
 */
@QuarkusTest
class AlertStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @Inject
    LiveAlerts live;

    @ConfigProperty(name = "alert.stream.buffer-size")
    int bufferSize;

    @TestHTTPResource("/api/v1/alerts/stream")
    URI stream;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void deliversLiveThenResumesFromLastEventIdWithoutGapOrDuplicate() throws Exception {
        String token = Tokens.of(stack, "tampabay.analyst");
        UUID first = UUID.randomUUID();
        long firstSeq;
        try (SseClient client = SseClient.open(URI.create(stream + "?topics=overdose"), token, Map.of())) {
            client.nextComment(WAIT);
            Exchange.send(stack, "case-reports", Exchange.report("overdose-tampa-submitted.json", first));
            SseClient.Event event = client.nextEvent(WAIT);
            assertEquals("alert", event.name());
            assertEquals(first.toString(), event.json().get("reportId").asText());
            assertEquals("TAMPA-BAY-TF", event.json().get("recipient").asText());
            assertEquals("TASK_FORCE", event.json().get("reason").asText());
            firstSeq = Long.parseLong(event.id());
            assertEquals(firstSeq, event.json().get("seq").asLong());
        }

        // while disconnected: an amendment and another report
        UUID second = UUID.randomUUID();
        Exchange.send(stack, "case-reports", Exchange.report("overdose-tampa-amended.json", first),
                Exchange.report("overdose-tampa-submitted.json", second));
        awaitStored(second, 4);

        UUID third = UUID.randomUUID();
        List<Long> received = new ArrayList<>();
        try (SseClient client = SseClient.open(stream, token, Map.of("Last-Event-ID", Long.toString(firstSeq)))) {
            client.nextComment(WAIT);
            // replayed from the database, and a report arriving during or after the replay
            Exchange.send(stack, "case-reports", Exchange.report("overdose-tampa-submitted.json", third));
            awaitStored(third, 4);
            for (SseClient.Event event : client.eventsUntilQuiet(Duration.ofSeconds(3))) {
                received.add(Long.parseLong(event.id()));
            }
        }
        List<Long> expected = QuarkusTransaction.requiringNew().call(() -> alerts.after("TAMPA-BAY-TF", firstSeq, 1000)
                .stream().map(a -> a.seq()).toList());
        assertEquals(expected, received, "every alert after the last event id, in order, once");
        assertTrue(expected.size() >= 3, "the amendment, the second and the third report: " + expected);
    }

    @Test
    void theLastEventIdQueryParameterResumesToo() throws Exception {
        String token = Tokens.of(stack, "fl.analyst");
        UUID report = UUID.randomUUID();
        Exchange.send(stack, "case-reports", Exchange.report("overdose-tampa-submitted.json", report));
        awaitStored(report, 4);
        long seq = QuarkusTransaction.requiringNew().call(() -> alerts.forReport(report).stream()
                .filter(a -> a.recipient.equals("FL-FUSION")).findFirst().orElseThrow().seq);
        try (SseClient client = SseClient.open(URI.create(stream + "?lastEventId=" + (seq - 1)), token, Map.of())) {
            SseClient.Event event = client.nextEvent(WAIT);
            assertEquals(Long.toString(seq), event.id());
            assertEquals(report.toString(), event.json().get("reportId").asText());
        }
    }

    @Test
    void withoutParametersTheStreamFollowsTheSavedSubscriptions() throws Exception {
        String token = Tokens.of(stack, "dea.analyst");
        String subscription = given().auth().oauth2(token).contentType("application/json")
                .body("{\"topics\": [\"trafficking\"]}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(201).extract().path("id");
        try (SseClient client = SseClient.open(stream, token, Map.of())) {
            client.nextComment(WAIT);
            UUID overdose = UUID.randomUUID();
            Exchange.send(stack, "case-reports", Exchange.report("overdose-tampa-submitted.json", overdose));
            awaitStored(overdose, 4);
            UUID red = UUID.randomUUID();
            Exchange.send(stack, "case-reports", Exchange.report("trafficking-tampa-red-dea.json", red));
            SseClient.Event event = client.nextEvent(WAIT);
            assertEquals(red.toString(), event.json().get("reportId").asText(), "the overdose is filtered out");
            assertEquals("trafficking", event.json().get("topic").asText());
        } finally {
            given().auth().oauth2(token).when().delete("/api/v1/subscriptions/" + subscription)
                    .then().statusCode(204);
        }
    }

    @Test
    void idleStreamsGetHeartbeats() throws Exception {
        try (SseClient client = SseClient.open(stream, Tokens.of(stack, "az.analyst"), Map.of())) {
            assertEquals("alerts of AZ-DPS", client.nextComment(WAIT));
            // heartbeat every 2 s in the test profile
            assertEquals("heartbeat", client.nextComment(Duration.ofSeconds(10)));
        }
    }

    @Test
    void malformedParametersAndRefusalsAreProblems() throws Exception {
        String token = Tokens.of(stack, "hcso.analyst");
        HttpResponse<String> badId = SseClient.refused(stream, token, Map.of("Last-Event-ID", "yesterday"));
        assertEquals(400, badId.statusCode());
        assertTrue(badId.body().contains("Last-Event-ID"), badId.body());
        HttpResponse<String> badTopic = SseClient.refused(URI.create(stream + "?topics=overdose,gossip"), token,
                Map.of());
        assertEquals(400, badTopic.statusCode());
        assertTrue(badTopic.body().contains("gossip"), badTopic.body());
        assertEquals(401, SseClient.refused(stream, null, Map.of()).statusCode());
        assertEquals(403, SseClient.refused(stream, Tokens.of(stack, "tampa.reporter"), Map.of()).statusCode());
        given().auth().oauth2(token).queryParam("lastEventId", "-4")
                .when().get("/api/v1/alerts/stream")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("lastEventId"));
    }

    @Test
    void aStreamOfAnAgencyThatIsSuspendedEndsWithinFiveSeconds() throws Exception {
        String token = Tokens.of(stack, "tucson.analyst");
        try (SseClient client = SseClient.open(stream, token, Map.of())) {
            assertEquals("alerts of TUCSON-PD", client.nextComment(WAIT));
            Exchange.send(stack, "directory.agencies", DemoDirectory.message("TUCSON-PD", "LOCAL",
                    List.of("US-AZ-04019"), List.of(), "SUSPENDED", 2));
            long sent = System.nanoTime();
            assertTrue(client.endsWithin(Duration.ofSeconds(5)), "the stream of the suspended agency ended");
            assertTrue(Duration.ofNanos(System.nanoTime() - sent).toMillis() <= 5_000);
            assertEquals(0, live.listeners("TUCSON-PD"));
            HttpResponse<String> again = SseClient.refused(stream, token, Map.of());
            assertEquals(403, again.statusCode());
            assertEquals("application/problem+json", again.headers().firstValue("Content-Type").orElseThrow());
        } finally {
            Exchange.send(stack, "directory.agencies", DemoDirectory.message("TUCSON-PD", "LOCAL",
                    List.of("US-AZ-04019"), List.of(), "ACTIVE", 3));
            Exchange.await("TUCSON-PD reinstated", WAIT, () -> !directory.suspended("TUCSON-PD"));
        }
    }

    @Test
    void aUserHasAtMostFiveStreamsAndTheSixthIsTooManyRequests() throws Exception {
        // streams of earlier tests are noticed gone at their next heartbeat
        Exchange.await("no stream of AZ-DPS left", WAIT, () -> live.listeners("AZ-DPS") == 0);
        String token = Tokens.of(stack, "az.analyst");
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseClient client = SseClient.open(stream, token, Map.of());
                open.add(client);
                client.nextComment(WAIT);
            }
            HttpResponse<String> sixth = SseClient.refused(stream, token, Map.of());
            assertEquals(429, sixth.statusCode(), sixth.body());
            assertEquals("application/problem+json", sixth.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(Long.parseLong(sixth.headers().firstValue("Retry-After").orElseThrow()) > 0);
            assertTrue(sixth.body().contains("\"status\":429"), sixth.body());
            // REST calls of the same user are not limited
            given().auth().oauth2(token).when().get("/api/v1/alerts").then().statusCode(200);

            open.remove(0).close();
            Exchange.await("the closed stream noticed", WAIT, () -> live.listeners("AZ-DPS") == 4);
            SseClient again = SseClient.open(stream, token, Map.of());
            open.add(again);
            assertEquals("alerts of AZ-DPS", again.nextComment(WAIT));
        } finally {
            open.forEach(SseClient::close);
        }
    }

    /**
     * The stalled client is not disconnected here: its socket's kernel send buffer (up to net.ipv4.tcp_wmem's
     * maximum, 4 MiB here) takes these alerts first, and the connection's own buffer only fills after that. The
     * disconnection itself is tested in {@link AlertStreamConnectionTest}.
     */
    @Test
    void aClientThatStopsReadingHoldsBackNeitherRoutingNorTheOthers() throws Exception {
        String token = Tokens.of(stack, "hcso.analyst");
        // more alerts than the stalled connection's own buffer holds
        int reports = bufferSize + 500;
        try (Socket slow = stalledStream(token);
                SseClient reader = SseClient.open(URI.create(stream + "?topics=overdose"), token, Map.of())) {
            reader.nextComment(WAIT);
            Set<String> sent = new HashSet<>();
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = 0; i < reports; i++) {
                UUID reportId = UUID.randomUUID();
                sent.add(reportId.toString());
                // four recipients each, HCSO among them
                batch.add(Exchange.report("overdose-tampa-submitted.json", reportId));
            }
            Exchange.send(stack, "case-reports", batch);

            long lastSeq = 0;
            Set<String> received = new HashSet<>();
            while (received.size() < reports) {
                SseClient.Event event = reader.nextEvent(WAIT);
                long seq = Long.parseLong(event.id());
                assertTrue(seq > lastSeq, "in sequence order, once: " + seq + " after " + lastSeq);
                lastSeq = seq;
                String reportId = event.json().get("reportId").asText();
                if (sent.contains(reportId)) {
                    received.add(reportId);
                }
            }
            assertEquals(sent, received, "the reading client got every alert");
        }
    }

    /** Opens the stream on a socket with a small receive buffer, reads up to its first comment, then stops reading. */
    private Socket stalledStream(String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(stream.getHost(), stream.getPort()), 5_000);
        socket.setSoTimeout((int) WAIT.toMillis());
        String request = "GET " + stream.getPath() + " HTTP/1.1\r\nHost: " + stream.getHost() + ":" + stream.getPort()
                + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.UTF_8).contains("alerts of HCSO")) {
            int b = in.read();
            if (b < 0 || head.size() > 16_384) {
                throw new AssertionError("no first comment at the start of the stream: " + head);
            }
            head.write(b);
        }
        assertTrue(head.toString(StandardCharsets.UTF_8).startsWith("HTTP/1.1 200"), head.toString());
        return socket;
    }

    private void awaitStored(UUID reportId, int count) {
        Exchange.await(count + " alerts of report " + reportId, WAIT,
                () -> QuarkusTransaction.requiringNew().call(() -> alerts.count("reportId", reportId)) >= count);
    }
}
