package org.fusionexchange.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.fusionexchange.stack.ServiceProcess;
import org.fusionexchange.stack.StackException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;

/**
 * Faults under a steady stream of submissions: what was accepted with 201 reaches every recipient exactly once,
 * whatever crashed in between.
 */
@ExtendWith(SystemStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {

    @Test
    @Order(1)
    void killingKafkaForTwentySecondsLosesAndDuplicatesNothing() throws Exception {
        Instant since = Instant.now();
        Set<String> accepted;
        String headline;
        String summary;
        try (SteadySubmissions stream = new SteadySubmissions(ScenarioIT.token("tampa.reporter"), 10)) {
            headline = stream.headline();
            Thread.sleep(5_000);
            SystemStack.stack().kafka().orElseThrow().process().kill();
            Thread.sleep(20_000);
            SystemStack.stack().kafka().orElseThrow().restart();
            Thread.sleep(10_000);
            stream.close();
            accepted = stream.accepted();
            summary = stream.summary();
            System.out.println("Submissions while Kafka was down: " + summary);
            assertFalse(stream.otherStatuses().containsKey(500), "answers while Kafka was down: " + stream.otherStatuses());
        }
        assertTrue(accepted.size() > 100, "accepted " + accepted.size());
        assertEachRecipientGotEachReportOnce(accepted, headline, since, Duration.ofMinutes(3), summary);
    }

    @Test
    @Order(2)
    void killingTheAlertServiceLosesAndDuplicatesNothingAndStreamsResume() throws Exception {
        Instant since = Instant.now();
        String alertUrl = SystemStack.url("alert-service") + "/api/v1/alerts/stream?topics=overdose";
        String token = ScenarioIT.token("fl.analyst");
        Set<String> accepted;
        String headline;
        String summary;
        SseStream before = SseStream.open(alertUrl, token).awaitOpen();
        SseStream after;
        try (SteadySubmissions stream = new SteadySubmissions(ScenarioIT.token("tampa.reporter"), 10)) {
            headline = stream.headline();
            Thread.sleep(5_000);
            ServiceProcess alerts = SystemStack.stack().service("alert-service");
            alerts.process().kill();
            before.close();
            Thread.sleep(5_000);
            alerts.start();
            List<SseStream.Event> seen = before.events();
            String lastId = seen.isEmpty() ? null : seen.get(seen.size() - 1).id();
            after = SseStream.resume(alertUrl, token, lastId).awaitOpen();
            Thread.sleep(5_000);
            stream.close();
            accepted = stream.accepted();
            summary = stream.summary();
        }
        assertEachRecipientGotEachReportOnce(accepted, headline, since, Duration.ofMinutes(3), summary);

        Set<String> expected = new HashSet<>(accepted);
        ScenarioIT.eventually(() -> {
            Set<String> streamed = streamedReports(before, after, since);
            return streamed.containsAll(expected) ? true : null;
        }, Duration.ofSeconds(60));
        Map<String, Long> perAlert = java.util.stream.Stream.concat(before.events().stream(), after.events().stream())
                .filter(e -> accepted.contains(e.data().path("reportId").asText()))
                .collect(Collectors.groupingBy(e -> e.data().path("id").asText(), Collectors.counting()));
        assertTrue(perAlert.values().stream().allMatch(n -> n == 1), "an alert streamed twice across the resume");
        after.close();
    }

    @Test
    @Order(3)
    void withPostgresDownIntakeAnswers503AndRecoversByItself() throws Exception {
        String token = ScenarioIT.token("tampa.reporter");
        SystemStack.stack().postgres().orElseThrow().stop();
        try {
            for (int i = 0; i < 10; i++) {
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Reports.overdose("US-FL-12103", "AMBER", List.of(), "While the database is down"))
                        .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                        .then().statusCode(503).contentType("application/problem+json");
            }
            assertHealthSaysDatabaseDownWithoutErrorText();
        } finally {
            SystemStack.stack().postgres().orElseThrow().restart();
        }
        ScenarioIT.eventually(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Reports.overdose("US-FL-12103", "AMBER", List.of(), "After the database came back"))
                .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                .then().extract().statusCode() == 201 ? true : null, Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void withKeycloakDownIssuedTokensStillWorkAndNewLoginsFailCleanly() {
        String token = ScenarioIT.token("tampa.reporter");
        SystemStack.keycloak().close();
        try {
            given().auth().oauth2(token).when().get(SystemStack.url("intake-service") + "/api/v1/reports")
                    .then().statusCode(200);
            assertThrows(StackException.class, () -> ScenarioIT.token("tampa.reporter"));
            given().when().get(SystemStack.url("intake-service") + "/api/v1/reports").then().statusCode(401);
        } finally {
            SystemStack.keycloak().start();
        }
        assertTrue(ScenarioIT.token("tampa.reporter").length() > 0);
    }

    /** Unauthenticated health tells each check's status, never the driver's error text (host, port, exception). */
    private static void assertHealthSaysDatabaseDownWithoutErrorText() {
        String port = ":" + SystemStack.stack().postgres().orElseThrow().port();
        for (String service : List.of("directory-service", "intake-service", "alert-service")) {
            String health = ScenarioIT.eventually(() -> {
                String body = given().when().get(SystemStack.url(service) + "/q/health").then().extract().asString();
                return body.contains("\"database\"") && body.contains("DOWN") ? body : null;
            }, Duration.ofSeconds(30));
            for (String leak : List.of(port, "refused", "Exception", "Connection to", "jdbc:")) {
                assertFalse(health.contains(leak), service + " health shows '" + leak + "': " + health);
            }
        }
    }

    private static Set<String> streamedReports(SseStream before, SseStream after, Instant since) {
        return java.util.stream.Stream.concat(before.events().stream(), after.events().stream())
                .map(e -> e.data().path("reportId").asText()).collect(Collectors.toSet());
    }

    /**
     * Every accepted report gives exactly one Alert to each recipient, and no report of the stream (its headline)
     * that was not accepted does. Reports of earlier tests in the same county may still be routed after the stream
     * began; they do not count.
     */
    static void assertEachRecipientGotEachReportOnce(Set<String> accepted, String headline, Instant since,
            Duration timeout, String submissions) {
        for (String analyst : SteadySubmissions.RECIPIENT_ANALYSTS) {
            String token = ScenarioIT.token(analyst);
            Map<String, Integer> counts = ScenarioIT.eventually(() -> {
                Map<String, Integer> perReport = alertsSince(token, headline, since);
                return perReport.keySet().containsAll(accepted) ? perReport : null;
            }, timeout);
            for (String id : accepted) {
                assertEquals(1, counts.get(id), analyst + " alerts for report " + id);
            }
            Set<String> invented = new HashSet<>(counts.keySet());
            invented.removeAll(accepted);
            assertTrue(invented.isEmpty(), analyst + " got alerts for reports never accepted: " + invented
                    + " (submissions: " + submissions + ")");
        }
    }

    /**
     * Alert count per report of type Alert for the overdose topic since the given time, over all pages, for the
     * reports with the given headline.
     */
    private static Map<String, Integer> alertsSince(String token, String headline, Instant since) {
        Map<String, Integer> perReport = new HashMap<>();
        Map<String, Integer> others = new HashMap<>();
        for (int page = 0;; page++) {
            JsonNode body = given().auth().oauth2(token)
                    .queryParam("topic", "overdose").queryParam("since", since.toString())
                    .queryParam("size", 500).queryParam("page", page)
                    .when().get(SystemStack.url("alert-service") + "/api/v1/alerts")
                    .then().statusCode(200).extract().as(JsonNode.class);
            for (JsonNode alert : body.path("items")) {
                if (!"Alert".equals(alert.path("msgType").asText())
                        || !SteadySubmissions.JURISDICTION.equals(alert.path("area").path("jurisdiction").asText())) {
                    continue;
                }
                if (headline.equals(alert.path("headline").asText())) {
                    perReport.merge(alert.path("reportId").asText(), 1, Integer::sum);
                } else {
                    others.merge(alert.path("headline").asText().replaceAll("[0-9]+$", "N"), 1, Integer::sum);
                }
            }
            if ((page + 1) * 500L >= body.path("total").asLong()) {
                if (!others.isEmpty()) {
                    System.out.println("Alerts since the stream began for other tests' reports, by headline: " + others);
                }
                return perReport;
            }
        }
    }
}
