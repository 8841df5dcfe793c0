package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.fusionexchange.directory.Drafts.code;
import static org.fusionexchange.directory.Drafts.local;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.fusionexchange.directory.Drafts;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * GET /api/v1/agencies/{code}/provisioning against the real Keycloak: a change's task waits, fails while Keycloak is
 * away (saying so, never why), and is in sync once the worker ran it; administrators only.
 */
@QuarkusTest
class AgencyProvisioningTest {

    private static final Duration PROVISIONED = Duration.ofSeconds(30);
    private static final Set<String> FIELDS = Set.of("agency", "state", "pending", "lastAction", "lastDoneAt",
            "nextAttemptAt", "attempts");

    @InjectFusionStack
    FusionStack stack;

    String admin;

    @BeforeEach
    void setUp() {
        admin = Tokens.of(stack, "directory.admin");
    }

    @Test
    void aSuspensionWaitsFailsWhileKeycloakIsDownAndIsInSyncOnceTheWorkerRanIt() {
        String code = code("PROVSTATE");
        Drafts.create(admin, local(code, "US-GA-13121"));
        JsonPath created = awaitState(code, "IN_SYNC");
        assertEquals("CREATE_GROUP", created.getString("lastAction"));
        assertEquals(0, created.getInt("pending"));
        assertEquals(0, created.getInt("attempts"));
        assertNotNull(created.getString("lastDoneAt"));
        assertNull(created.getString("nextAttemptAt"));

        KeycloakServer keycloak = stack.keycloak().orElseThrow();
        Instant suspended = Instant.now();
        keycloak.close();
        try {
            given().auth().oauth2(admin).post("/api/v1/agencies/" + code + "/suspension").then().statusCode(200);
            // the suspension enqueued its task: waiting, whether or not the worker has tried it yet
            provisioning(code).then().statusCode(200)
                    .body("agency", equalTo(code))
                    .body("state", in(List.of("PENDING", "FAILING")))
                    .body("pending", equalTo(1))
                    .body("lastAction", equalTo("SUSPEND"))
                    .body("lastDoneAt", equalTo(created.getString("lastDoneAt")))
                    .body("nextAttemptAt", notNullValue());

            JsonPath failing = awaitState(code, "FAILING");
            assertTrue(failing.getInt("attempts") >= 1);
            assertEquals(1, failing.getInt("pending"));
            assertTrue(Instant.parse(failing.getString("nextAttemptAt")).isAfter(suspended));
            // an administrator learns that it fails, not the hosts or exceptions of why: those are in the log
            String body = provisioning(code).asString();
            for (String internal : new String[] { "Exception", "127.0.0.1", "localhost", "refused", "Connect",
                    "error" }) {
                assertFalse(body.contains(internal), body);
            }
        } finally {
            keycloak.start();
        }

        JsonPath done = awaitState(code, "IN_SYNC");
        assertEquals("SUSPEND", done.getString("lastAction"));
        assertEquals(0, done.getInt("pending"));
        assertEquals(0, done.getInt("attempts"));
        assertTrue(Instant.parse(done.getString("lastDoneAt")).isAfter(suspended));
        assertNull(done.getString("nextAttemptAt"));

        given().auth().oauth2(admin).delete("/api/v1/agencies/" + code + "/suspension").then().statusCode(200);
        await().atMost(PROVISIONED).untilAsserted(() -> provisioning(code).then().statusCode(200)
                .body("state", equalTo("IN_SYNC")).body("lastAction", equalTo("REINSTATE")));
    }

    @Test
    void onlyAdministratorsMayReadIt() {
        for (String user : new String[] { "hcso.analyst", "tampa.reporter" }) {
            given().auth().oauth2(Tokens.of(stack, user)).when().get("/api/v1/agencies/HCSO/provisioning")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().when().get("/api/v1/agencies/HCSO/provisioning")
                .then().statusCode(401).contentType("application/problem+json");
        provisioning("HCSO").then().statusCode(200).body("agency", equalTo("HCSO"))
                .body("state", in(List.of("IN_SYNC", "PENDING", "FAILING")));
    }

    @Test
    void anUnknownAgencyIsNotFound() {
        provisioning("NO-SUCH-AGENCY").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    private Response provisioning(String code) {
        return given().auth().oauth2(admin).when().get("/api/v1/agencies/" + code + "/provisioning");
    }

    /** Waits for the state and answers the body, after checking it has only the documented fields. */
    private JsonPath awaitState(String code, String state) {
        JsonPath body = await().atMost(PROVISIONED).until(
                () -> provisioning(code).then().statusCode(200).extract().jsonPath(),
                json -> state.equals(json.getString("state")));
        Set<String> fields = body.<String, Object>getMap("").keySet();
        assertTrue(FIELDS.containsAll(fields), "only the documented fields: " + fields);
        assertEquals(code, body.getString("agency"));
        return body;
    }
}
