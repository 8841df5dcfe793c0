package org.fusionexchange.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.fusionexchange.stack.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The scenarios of the whole system, in order, with real tokens from Keycloak for the demo identities and the demo
 * agencies of DOMAIN.md loaded by the directory-service.
 */
@ExtendWith(SystemStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioIT {

    /** How long a subscribed analyst may wait for an alert after the report was accepted. */
    static final Duration DELIVERY = Duration.ofSeconds(1);
    /** How long we watch for an alert that must not come. */
    static final Duration SILENCE = Duration.ofSeconds(3);

    static final List<String> ANALYSTS = List.of("hcso.analyst", "fl.analyst", "dea.analyst", "tucson.analyst",
            "az.analyst", "tampabay.analyst", "pcso.analyst");

    static final Map<String, SseStream> streams = new LinkedHashMap<>();
    static String overdoseId;
    static String overdoseEtag;

    @BeforeAll
    static void analystsSubscribe() {
        for (String analyst : ANALYSTS) {
            streams.put(analyst, SseStream.open(SystemStack.url("alert-service") + "/api/v1/alerts/stream",
                    token(analyst)).awaitOpen());
        }
        // The first report through a freshly started system warms every path (JIT, producers, metadata); the
        // timed scenarios come after it.
        Response warmUp = submit("tampa.reporter", Reports.overdose("US-FL-12103", "AMBER", List.of(), "Warm-up"));
        String id = warmUp.path("id");
        assertTrue(streams.get("fl.analyst").await(reportIs(id), Duration.ofSeconds(60)).isPresent(),
                "the warm-up report never reached fl.analyst");
    }

    @AfterAll
    static void close() {
        streams.values().forEach(SseStream::close);
    }

    @Test
    @Order(1)
    void anAdministratorOnboardsAnAgencyWhoseReporterGetsATokenCarryingIt() {
        given().auth().oauth2(token("directory.admin")).contentType(ContentType.JSON)
                .body("""
                        {"code": "BRANDON-PD", "name": "Brandon Police Department", "kind": "LOCAL", "country": "US",
                         "jurisdictions": ["US-FL-12057"],
                         "contact": {"email": "watch@brandon-pd.example.org", "phone": "+18135550199"}}
                        """)
                .when().post(SystemStack.url("directory-service") + "/api/v1/agencies")
                .then().statusCode(201);

        KeycloakAdmin admin = new KeycloakAdmin(SystemStack.keycloak());
        JsonNode group = eventually(() -> admin.group("agencies/BRANDON-PD").orElse(null), Duration.ofSeconds(20));
        assertEquals("BRANDON-PD", group.path("attributes").path("agency_code").path(0).asText());

        admin.createUser("brandon.reporter", "/agencies/BRANDON-PD", "reporter");
        JsonNode claims = Jwt.claims(token("brandon.reporter"));
        assertEquals("BRANDON-PD", claims.path("agency").asText());
        assertTrue(claims.path("realm_access").path("roles").toString().contains("\"reporter\""));
    }

    @Test
    @Order(2)
    void anAmberOverdoseInHillsboroughReachesTheCountyStateNationAndTaskForceOnly() {
        Response created = submit("tampa.reporter",
                Reports.overdose("US-FL-12057", "AMBER", List.of(), "Overdose cluster, Hillsborough"));
        long accepted = System.nanoTime();
        overdoseId = created.path("id");
        overdoseEtag = created.header("ETag");

        for (String analyst : List.of("hcso.analyst", "fl.analyst", "dea.analyst", "tampabay.analyst")) {
            SseStream.Event event = streams.get(analyst).await(reportIs(overdoseId), Duration.ofSeconds(10))
                    .orElseThrow(() -> new AssertionError(analyst + " never received the overdose"));
            long millis = TimeUnit.NANOSECONDS.toMillis(event.receivedNanos() - accepted);
            assertTrue(millis <= DELIVERY.toMillis(), analyst + " received it after " + millis + " ms");
            assertEquals("Alert", event.data().path("msgType").asText());
        }
        assertEquals("TASK_FORCE", streams.get("tampabay.analyst").await(reportIs(overdoseId), DELIVERY)
                .orElseThrow().data().path("reason").asText());
        assertNothingFor(List.of("tucson.analyst", "az.analyst", "pcso.analyst"), reportIs(overdoseId));
    }

    @Test
    @Order(3)
    void amendingGivesAnUpdateAndRetractingACancelToTheRecipients() {
        String etag = given().auth().oauth2(token("tampa.reporter"))
                .when().get(SystemStack.url("intake-service") + "/api/v1/reports/" + overdoseId)
                .then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(token("tampa.reporter")).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Reports.overdose("US-FL-12057", "AMBER", List.of(), "Overdose cluster, fentanyl confirmed"))
                .when().put(SystemStack.url("intake-service") + "/api/v1/reports/" + overdoseId)
                .then().statusCode(200);
        for (String analyst : List.of("hcso.analyst", "fl.analyst", "dea.analyst", "tampabay.analyst")) {
            assertTrue(streams.get(analyst).await(reportIs(overdoseId).and(msgType("Update")), Duration.ofSeconds(10))
                    .isPresent(), analyst + " got no Update");
        }

        given().auth().oauth2(token("tampa.reporter")).contentType(ContentType.JSON)
                .body("{\"reason\": \"Entered under the wrong case number\"}")
                .when().post(SystemStack.url("intake-service") + "/api/v1/reports/" + overdoseId + "/retraction")
                .then().statusCode(200);
        for (String analyst : List.of("hcso.analyst", "fl.analyst", "dea.analyst", "tampabay.analyst")) {
            assertTrue(streams.get(analyst).await(reportIs(overdoseId).and(msgType("Cancel")), Duration.ofSeconds(10))
                    .isPresent(), analyst + " got no Cancel");
        }
        assertNothingFor(List.of("tucson.analyst", "az.analyst", "pcso.analyst"), reportIs(overdoseId));
    }

    @Test
    @Order(4)
    void aRedReportNamingDeaReachesDeaAndNoOneElse() {
        String id = submit("tampa.reporter", Reports.report("TRAFFICKING", "US-FL-12057", "RED", List.of("DEA"),
                "Shipment route, source protected", "")).path("id");
        SseStream.Event event = streams.get("dea.analyst").await(reportIs(id), Duration.ofSeconds(10))
                .orElseThrow(() -> new AssertionError("DEA never received the RED report"));
        assertEquals("NAMED", event.data().path("reason").asText());
        assertNothingFor(ANALYSTS.stream().filter(a -> !a.equals("dea.analyst")).toList(), reportIs(id));
    }

    @Test
    @Order(5)
    void aSeizureInPimaReachesTucsonArizonaAndTheBorderTaskForce() {
        String id = submit("phoenix.reporter", Reports.report("DRUG_SEIZURE", "US-AZ-04019", "AMBER", List.of(),
                "Traffic stop seizure, 4 kg fentanyl", "")).path("id");
        for (String analyst : List.of("tucson.analyst", "az.analyst", "dea.analyst")) {
            assertTrue(streams.get(analyst).await(reportIs(id), Duration.ofSeconds(10)).isPresent(),
                    analyst + " never received the seizure");
        }
        List<JsonNode> border = AlertsTopic.alertsFor("SW-BORDER-TF", reportIs(id), 1, Duration.ofSeconds(15));
        assertEquals(1, border.size(), "SW-BORDER-TF alerts on the alerts topic");
        assertEquals("TASK_FORCE", border.get(0).path("reason").asText());
        assertNothingFor(List.of("hcso.analyst", "fl.analyst", "pcso.analyst", "tampabay.analyst"), reportIs(id));
    }

    @Test
    @Order(6)
    void aSuspendedAgencyIsRefusedUntilReinstated() {
        String phoenixToken = token("phoenix.reporter");
        String directory = SystemStack.url("directory-service") + "/api/v1/agencies/PHOENIX-PD/suspension";
        given().auth().oauth2(token("directory.admin")).when().post(directory).then().statusCode(200);

        eventually(() -> submitStatus(phoenixToken) == 403 ? true : null, Duration.ofSeconds(10));
        eventually(() -> {
            try {
                token("phoenix.reporter");
                return null;
            } catch (KeycloakServer.TokenRefused refused) {
                return true;
            }
        }, Duration.ofSeconds(20));

        given().auth().oauth2(token("directory.admin")).when().delete(directory).then().statusCode(200);
        eventually(() -> submitStatus(phoenixToken) == 201 ? true : null, Duration.ofSeconds(10));
        String fresh = eventually(() -> {
            try {
                return token("phoenix.reporter");
            } catch (KeycloakServer.TokenRefused refused) {
                return null;
            }
        }, Duration.ofSeconds(20));
        assertEquals(201, submitStatus(fresh));
        assertThrows(KeycloakServer.TokenRefused.class, () -> SystemStack.keycloak().passwordToken("phoenix.reporter", "wrong"));
    }

    private static int submitStatus(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Reports.report("DRUG_SEIZURE", "US-AZ-04013", "AMBER", List.of(), "Suspension probe", ""))
                .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                .then().extract().statusCode();
    }

    static Response submit(String reporter, String body) {
        return given().auth().oauth2(token(reporter)).contentType(ContentType.JSON).body(body)
                .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                .then().statusCode(201).extract().response();
    }

    static String token(String user) {
        return SystemStack.keycloak().passwordToken(user, "demo");
    }

    static Predicate<JsonNode> reportIs(String reportId) {
        return alert -> reportId.equals(alert.path("reportId").asText());
    }

    static Predicate<JsonNode> msgType(String type) {
        return alert -> type.equals(alert.path("msgType").asText());
    }

    private static void assertNothingFor(List<String> analysts, Predicate<JsonNode> match) {
        try {
            Thread.sleep(SILENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String analyst : analysts) {
            assertTrue(streams.get(analyst).await(match, Duration.ZERO).isEmpty(), analyst + " must not be alerted");
        }
    }

    /** Polls until the supplier answers non-null, failing after the timeout. */
    static <T> T eventually(java.util.function.Supplier<T> probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
