package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.fusionexchange.alert.DemoDirectory;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.ForgedTokens;
import org.fusionexchange.alert.SseClient;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AgencyQuota;
import org.fusionexchange.alert.service.DirectoryAgency;
import org.fusionexchange.alert.service.DirectoryStore;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The service with a directory it cannot read, as when Kafka is down at start: it answers nothing (503, readiness
 * DOWN) until it has a view, then answers with the view persisted last. Tokens here are forged with a key the service
 * is configured to trust, for what Keycloak cannot issue: an agency the directory does not know, tokens that expire
 * in seconds, a subject per client. The methods run in order: the first needs the service as it started.
 */
@QuarkusTest
@TestProfile(DirectoryUnreachableTest.Unreachable.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryUnreachableTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int AGENCY_STREAMS = 150;

    /** directory.agencies is never readable; the persisted view is tried every second; fewer places and threads. */
    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(ForgedTokens.verificationConfig());
            config.put("alert.kafka.directory-topic", "directory.unreachable");
            config.put("alert.directory.persisted-view-after", "1s");
            config.put("alert.directory.retry-after", "7s");
            config.put("alert.stream.max-per-agency", Integer.toString(AGENCY_STREAMS));
            // fewer worker threads than streams: a replay that held one would leave none for the REST calls
            config.put("quarkus.thread-pool.max-threads", "100");
            return config;
        }
    }

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    DirectoryStore store;

    @Inject
    AlertRepository alerts;

    @Inject
    ObjectMapper json;


    @TestHTTPResource("/api/v1/alerts/stream")
    URI stream;

    @Test
    @Order(1)
    void withoutAViewEveryApiRequestIsUnavailableWithRetryAfterAndReadinessIsDown() throws Exception {
        // once the persisted view was read and judged (an empty one is never used), not merely before it was
        Exchange.await("the persisted view to be tried", WAIT, () -> directory.persistedViewDecisions() >= 1);
        assertFalse(directory.loaded());
        String token = token("HCSO", "hcso-analyst", 300);
        for (String path : List.of("/api/v1/topics", "/api/v1/alerts", "/api/v1/subscriptions",
                "/api/v1/alerts/" + UUID.randomUUID(), "/api/v1/alerts/stream")) {
            given().auth().oauth2(token).when().get(path)
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "7").body("status", equalTo(503));
        }
        given().auth().oauth2(token).contentType("application/json").body("{}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(503).header("Retry-After", "7");
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'alert-routing' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'alert-routing' }.data.directoryView", equalTo("not loaded"));
    }

    @Test
    @Order(2)
    void theViewPersistedLastAnswersAndALowerOrEqualVersionNeverOverridesAHigherOne() throws Exception {
        // what an earlier run persisted: the demo directory, PCSO suspended at version 2
        List<DirectoryAgency> persisted = new ArrayList<>(DemoDirectory.agencies());
        persisted.removeIf(a -> a.code().equals("PCSO"));
        persisted.add(new DirectoryAgency("PCSO", "LOCAL", List.of("US-FL-12103"), List.of(), true, 2));
        // and the task force with a quota of its own, which the persisted view keeps too
        DirectoryAgency taskForce = persisted.stream().filter(a -> a.code().equals("TAMPA-BAY-TF")).findFirst()
                .orElseThrow();
        persisted.remove(taskForce);
        persisted.add(new DirectoryAgency(taskForce.code(), taskForce.kind(), taskForce.jurisdictions(),
                taskForce.focus(), false, 2, new AgencyQuota(5, 10)));
        store.save(persisted);
        assertEquals(new AgencyQuota(5, 10), store.load().stream().filter(a -> a.code().equals("TAMPA-BAY-TF"))
                .findFirst().orElseThrow().quota());
        // older or equal snapshots arriving later change nothing
        store.save(List.of(new DirectoryAgency("PCSO", "LOCAL", List.of("US-FL-12103"), List.of(), false, 1),
                new DirectoryAgency("PCSO", "LOCAL", List.of("US-FL-12103"), List.of(), false, 2)));
        DirectoryAgency pcso = store.load().stream().filter(a -> a.code().equals("PCSO")).findFirst().orElseThrow();
        assertTrue(pcso.suspended());
        assertEquals(2, pcso.version());

        Exchange.await("the persisted view in use", WAIT, directory::loaded);
        given().auth().oauth2(token("HCSO", "hcso-analyst", 300)).when().get("/api/v1/topics")
                .then().statusCode(200);
        given().auth().oauth2(token("TAMPA-BAY-TF", "tampabay-analyst", 300)).when().get("/api/v1/topics")
                .then().statusCode(200).header("RateLimit-Policy", equalTo("\"agency\";q=10;w=2"));
        given().auth().oauth2(token("PCSO", "pcso-analyst", 300)).when().get("/api/v1/topics")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("The agency PCSO is suspended."));
        // routing still waits for the topic: not ready
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'alert-routing' }.data.directoryView", equalTo("persisted"));
    }

    @Test
    @Order(3)
    void anAgencyTheDirectoryDoesNotKnowIsForbidden() throws Exception {
        String ghost = token("GHOST-PD", "ghost-analyst", 300);
        for (String path : List.of("/api/v1/topics", "/api/v1/alerts", "/api/v1/subscriptions")) {
            given().auth().oauth2(ghost).when().get(path)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", equalTo("The agency GHOST-PD is not known to the directory."));
        }
        assertEquals(403, SseClient.refused(stream, ghost, Map.of()).statusCode());
        given().auth().oauth2(token(null, "no-agency", 300)).when().get("/api/v1/alerts")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    @Order(4)
    void aStreamEndsWhenItsTokenExpiresAndResumesWithAFreshTokenWithoutGapOrDuplicate() throws Exception {
        // long enough for an alert routed after opening to arrive live on a loaded machine
        long lifetime = 15;
        long opened = System.nanoTime();
        String last;
        try (SseClient client = SseClient.open(URI.create(stream + "?topics=overdose"),
                token("HCSO", "hcso-analyst", lifetime), Map.of())) {
            client.nextComment(WAIT);
            route(1);
            SseClient.Event event = client.nextEvent(WAIT);
            last = event.id();
            assertTrue(client.endsWithin(Duration.ofSeconds(lifetime + 3)), "the stream ended at the token's exp");
            long after = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            assertTrue(after >= (lifetime - 1) * 1000, "not before exp: " + after + " ms");
        }

        // routed while the client reconnects
        route(3);
        List<String> received = new ArrayList<>();
        try (SseClient client = SseClient.open(URI.create(stream + "?topics=overdose"),
                token("HCSO", "hcso-analyst", 300), Map.of("Last-Event-ID", last))) {
            client.nextComment(WAIT);
            client.eventsUntilQuiet(Duration.ofSeconds(3)).forEach(e -> received.add(e.id()));
        }
        long lastSeq = Long.parseLong(last);
        List<String> expected = QuarkusTransaction.requiringNew().call(() -> alerts.after("HCSO", lastSeq, 1000)
                .stream().map(a -> Long.toString(a.seq())).toList());
        assertEquals(3, expected.size());
        assertEquals(expected, received, "every alert after the last event id, in order, once");
    }

    @Test
    @Order(5)
    void clientsThatDoNotReadTheirReplayHoldBackNoRestCallAndPastTheAgencysLimitAreTooManyRequests()
            throws Exception {
        // a replay of a few hundred alerts: more than a socket that is not read takes
        route(400);
        List<Socket> sockets = new ArrayList<>();
        try {
            Map<Integer, Integer> statuses = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                Socket socket = stalledStream(token("HCSO", "client-" + i, 300));
                sockets.add(socket);
                int status = status(socket);
                statuses.merge(status, 1, Integer::sum);
            }
            assertEquals(Map.of(200, AGENCY_STREAMS, 429, 200 - AGENCY_STREAMS), statuses);

            String hcso = token("HCSO", "hcso-analyst", 300);
            String fl = token("FL-FUSION", "fl-analyst", 300);
            for (int i = 0; i < 10; i++) {
                for (String token : List.of(hcso, fl)) {
                    long start = System.nanoTime();
                    given().auth().oauth2(token).queryParam("size", 50).when().get("/api/v1/alerts")
                            .then().statusCode(200);
                    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    // not a latency bound (the machine may be loaded): no call waits behind the stalled streams
                    assertTrue(millis < 10_000, "a list call took " + millis + " ms");
                }
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * Publishes {@code count} overdose alerts to HCSO on the alerts topic, unnumbered as routing writes them (routing
     * itself waits for the directory topic, which this profile never reads), and waits until the projection numbered
     * and stored them.
     */
    private void route(int count) {
        long last = QuarkusTransaction.requiringNew().call(() -> alerts.lastSeq("HCSO"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ObjectNode> messages = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            UUID reportId = UUID.randomUUID();
            Alert alert = new Alert(UUID.randomUUID(), 0, "HCSO", Reason.JURISDICTION, reportId, 1,
                    "TAMPA-PD", "overdose", "Actual", MsgType.Alert, "Expected", Severity.Severe, "Observed",
                    "Non-fatal overdose", new Alert.Area("US-FL-12057", null), new Alert.Marking("AMBER"), now, now,
                    null);
            ObjectNode message = json.createObjectNode().put("key", "HCSO");
            message.putObject("headers");
            message.set("value", json.valueToTree(alert));
            messages.add(message);
        }
        Exchange.send(stack, "alerts", messages);
        Exchange.await(count + " alerts for HCSO", Duration.ofSeconds(60), () -> QuarkusTransaction.requiringNew()
                .call(() -> alerts.lastSeq("HCSO")) >= last + count);
    }

    private String token(String agency, String subject, long lifetime) {
        return ForgedTokens.analyst(stack.keycloak().orElseThrow().issuer(), agency, subject, lifetime);
    }

    /** Asks for the whole replay (Last-Event-ID 0) on a socket with a small receive buffer, and never reads it. */
    private Socket stalledStream(String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(stream.getHost(), stream.getPort()), 5_000);
        socket.setSoTimeout((int) WAIT.toMillis());
        String request = "GET " + stream.getPath() + " HTTP/1.1\r\nHost: " + stream.getHost() + ":" + stream.getPort()
                + "\r\nAccept: text/event-stream\r\nLast-Event-ID: 0\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The status of the response on the socket, reading only its status line. */
    private static int status(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        String status = line.toString(StandardCharsets.US_ASCII);
        assertTrue(status.startsWith("HTTP/1.1 "), status);
        return Integer.parseInt(status.split(" ")[1]);
    }
}
