package org.fusionexchange.directory.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.fusionexchange.directory.Drafts.code;
import static org.fusionexchange.directory.Drafts.local;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.fusionexchange.directory.Drafts;
import org.fusionexchange.directory.KeycloakAdmin;
import org.fusionexchange.directory.repository.InstanceLock;
import org.fusionexchange.directory.repository.SuspendedUserRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * What the directory provisions in the real Keycloak: groups, suspensions (subgroups and users added meanwhile
 * included), reinstatements that enable exactly what the suspension disabled, and catching up after an outage.
 */
@QuarkusTest
class KeycloakProvisioningTest {

    private static final Duration PROVISIONED = Duration.ofSeconds(30);
    /** The sweep of suspended agencies runs every second in the tests, the worker polls every second. */
    private static final Duration SWEPT = Duration.ofSeconds(10);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    ProvisioningWorker worker;

    @Inject
    SuspendedUserRepository suspendedUsers;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    KeycloakAdmin keycloak;
    String admin;

    @BeforeEach
    void setUp() {
        keycloak = new KeycloakAdmin(stack);
        admin = Tokens.of(stack, "directory.admin");
    }

    @Test
    void anOnboardedAgencyGetsItsGroupWithTheAgencyAttribute() {
        String code = code("GROUP");
        Drafts.create(admin, local(code, "US-TX-48453"));

        JsonNode group = awaitGroup(code, PROVISIONED);
        assertEquals("/agencies/" + code, group.path("path").asText());
        assertEquals(code, group.path("attributes").path("agency_code").get(0).asText());
    }

    @Test
    void aSuspendedAgencysUsersGetNoTokensUntilItIsReinstated() {
        ensureActive("TUCSON-PD", "US-AZ-04019");
        String retired = "tucson.retired." + code("U").toLowerCase();
        keycloak.createUser(retired, "TUCSON-PD", false);
        String before = Tokens.of(stack, "tucson.analyst");
        given().auth().oauth2(before).get("/api/v1/agencies/TUCSON-PD").then().statusCode(200);

        given().auth().oauth2(admin).post("/api/v1/agencies/TUCSON-PD/suspension")
                .then().statusCode(200).body("status", equalTo("SUSPENDED"));

        // the token issued before the suspension is still valid, but this service refuses it at once
        given().auth().oauth2(before).get("/api/v1/agencies").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("Agency TUCSON-PD is suspended."));
        given().auth().oauth2(before).get("/api/v1/agencies/DEA").then().statusCode(403);
        await().atMost(PROVISIONED).untilAsserted(() -> assertThrows(KeycloakServer.TokenRefused.class,
                () -> Tokens.of(stack, "tucson.analyst")));
        assertFalse(keycloak.user("tucson.analyst").path("enabled").asBoolean());

        given().auth().oauth2(admin).delete("/api/v1/agencies/TUCSON-PD/suspension")
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        String after = await().atMost(PROVISIONED).ignoreException(KeycloakServer.TokenRefused.class)
                .until(() -> Tokens.of(stack, "tucson.analyst"), t -> t != null);
        given().auth().oauth2(after).get("/api/v1/agencies/TUCSON-PD").then().statusCode(200);
        // re-enables exactly those the suspension disabled: a user disabled before stays disabled
        assertFalse(keycloak.user(retired).path("enabled").asBoolean());
        assertTrue(keycloak.user("tucson.analyst").path("enabled").asBoolean());
    }

    @Test
    void aSuspendedAgencysServiceAccountGetsNoTokens() {
        ensureActive("TAMPA-PD", "US-FL-12057");
        KeycloakServer server = stack.keycloak().orElseThrow();
        server.clientToken("tampa-pd-rms", "demo-secret");

        String before = server.clientToken("tampa-pd-rms", "demo-secret");
        given().auth().oauth2(before).get("/api/v1/agencies/TAMPA-PD").then().statusCode(200);

        given().auth().oauth2(admin).post("/api/v1/agencies/TAMPA-PD/suspension").then().statusCode(200);
        try {
            // the token issued before the suspension is refused by the next request, not when it expires
            given().auth().oauth2(before).get("/api/v1/agencies/TAMPA-PD").then().statusCode(403)
                    .contentType("application/problem+json").body("detail", equalTo("Agency TAMPA-PD is suspended."));
            await().atMost(PROVISIONED).untilAsserted(() -> assertThrows(KeycloakServer.TokenRefused.class,
                    () -> server.clientToken("tampa-pd-rms", "demo-secret")));
        } finally {
            given().auth().oauth2(admin).delete("/api/v1/agencies/TAMPA-PD/suspension").then().statusCode(200);
        }
        await().atMost(PROVISIONED).ignoreException(KeycloakServer.TokenRefused.class)
                .until(() -> server.clientToken("tampa-pd-rms", "demo-secret"), t -> t != null);
    }

    @Test
    void aSuspensionDisablesTheMembersOfTheAgencysSubgroupsAndReinstatementEnablesThem() {
        String code = newAgency("SUBGROUP");
        keycloak.createGroup("agencies/" + code, "analysts", Map.of());
        keycloak.createGroup("agencies/" + code + "/analysts", "night-shift", Map.of());
        String direct = username(code, "direct");
        String nested = username(code, "nested");
        keycloak.createUserIn(direct, "agencies/" + code, true, "analyst");
        keycloak.createUserIn(nested, "agencies/" + code + "/analysts/night-shift", true, "analyst");
        // the subgroup's member carries the agency in its tokens, so it is the agency's as much as a direct member
        assertEquals(code, Tokens.claims(Tokens.of(stack, nested)).path("agency").asText());

        suspend(code);

        awaitDisabled(PROVISIONED, nested, direct);

        reinstate(code);
        awaitToken(nested);
        awaitToken(direct);
    }

    @Test
    void aUserAddedWhileItsAgencyIsSuspendedIsDisabledWithinSecondsAndEnabledAtReinstatement() {
        String code = newAgency("LATE");
        keycloak.createGroup("agencies/" + code, "field", Map.of());
        suspend(code);
        await().atMost(PROVISIONED).until(() -> backlog().getInt("data.provisioningPending") == 0);

        String late = username(code, "late");
        String lateNested = username(code, "late-nested");
        keycloak.createUserIn(late, "agencies/" + code, true, "analyst");
        keycloak.createUserIn(lateNested, "agencies/" + code + "/field", true, "analyst");

        awaitDisabled(SWEPT, late, lateNested);

        // an administrator enabling a member during the suspension is undone as well
        keycloak.setEnabled(late, true);
        awaitDisabled(SWEPT, late);

        reinstate(code);
        awaitToken(late);
        awaitToken(lateNested);
    }

    @Test
    void reinstatementEnablesOnlyTheUsersTheSuspensionDisabledAndStillInTheAgency() {
        String code = newAgency("EXACT");
        keycloak.createGroup("agencies/" + code, "analysts", Map.of());
        String active = username(code, "active");
        String disabledBefore = username(code, "disabled-before");
        String moved = username(code, "moved");
        keycloak.createUserIn(active, "agencies/" + code, true, "analyst");
        keycloak.createUserIn(disabledBefore, "agencies/" + code + "/analysts", false, "analyst");
        keycloak.createUserIn(moved, "agencies/" + code, true, "analyst");

        suspend(code);
        awaitDisabled(PROVISIONED, active, moved);
        // during the suspension an administrator takes one user out of the agency and adds one, disabled
        keycloak.removeFromGroup(moved, "agencies/" + code);
        String addedDisabled = username(code, "added-disabled");
        keycloak.createUserIn(addedDisabled, "agencies/" + code, false, "analyst");

        reinstate(code);
        awaitToken(active);
        await().atMost(PROVISIONED).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> suspendedUsers.ofAgency(code)).isEmpty());
        assertTrue(enabled(active));
        assertFalse(enabled(disabledBefore), "disabled by an administrator before the suspension");
        assertFalse(enabled(moved), "taken out of the agency during the suspension");
        assertFalse(enabled(addedDisabled), "added disabled during the suspension");
    }

    @Test
    void aCreateWhileKeycloakIsDownCommitsAndIsProvisionedWhenItReturns() {
        KeycloakServer server = stack.keycloak().orElseThrow();
        String code = code("OUTAGE");
        server.close();
        try {
            Drafts.create(admin, local(code, "US-CA-06067"));
            given().auth().oauth2(admin).get("/api/v1/agencies/" + code).then().statusCode(200);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonPath check = backlog();
                assertEquals("UP", check.getString("status"));
                assertTrue(check.getInt("data.provisioningPending") >= 1);
                assertTrue(check.getBoolean("data.provisioningFailing"));
            });
            // health is unauthenticated: it says provisioning fails, never why (hosts, ports, exception text)
            String health = given().get("/q/health").asString();
            for (String internal : new String[] { "Exception", "127.0.0.1", "localhost", "refused", "Connect" }) {
                assertFalse(health.contains(internal), health);
            }
        } finally {
            server.start();
        }
        awaitGroup(code, Duration.ofSeconds(60));
        await().atMost(PROVISIONED).until(() -> backlog().getInt("data.provisioningPending") == 0);
        assertFalse(backlog().getBoolean("data.provisioningFailing"));
    }

    @Test
    void anotherInstancesPassInProgressHoldsThisInstancesWorkerBack() throws Exception {
        // another instance of the service working the tasks: it holds the provisioning lock on a session of its own
        try (java.sql.Connection other = dataSource.getConnection();
                java.sql.Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + InstanceLock.PROVISIONING + ")");
            String code = code("ALONE");
            Drafts.create(admin, local(code, "US-NV-32031"));
            Thread.sleep(3_000); // three of the worker's polls
            assertTrue(keycloak.agencyGroup(code).isEmpty(), "this instance's worker did not run the task meanwhile");
            statement.execute("SELECT pg_advisory_unlock(" + InstanceLock.PROVISIONING + ")");
            awaitGroup(code, PROVISIONED);
        }
    }

    @Test
    void theReconciliationRecreatesAMissingGroup() {
        String code = code("RECON");
        Drafts.create(admin, local(code, "US-AL-01089"));
        JsonNode group = awaitGroup(code, PROVISIONED);
        keycloak.deleteGroup(group.path("id").asText());
        assertTrue(keycloak.agencyGroup(code).isEmpty());

        worker.enqueueReconciliation();

        awaitGroup(code, PROVISIONED);
    }

    /** A fresh agency whose Keycloak group exists. */
    private String newAgency(String label) {
        String code = code(label);
        Drafts.create(admin, local(code, "US-NV-32031"));
        awaitGroup(code, PROVISIONED);
        return code;
    }

    private void suspend(String code) {
        given().auth().oauth2(admin).post("/api/v1/agencies/" + code + "/suspension").then().statusCode(200)
                .body("status", equalTo("SUSPENDED"));
    }

    private void reinstate(String code) {
        given().auth().oauth2(admin).delete("/api/v1/agencies/" + code + "/suspension").then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
    }

    private static String username(String code, String label) {
        return (code + "." + label).toLowerCase(Locale.ROOT);
    }

    private boolean enabled(String username) {
        return keycloak.user(username).path("enabled").asBoolean();
    }

    /** Waits until each user is disabled in Keycloak, then checks that Keycloak refuses it a token. */
    private void awaitDisabled(Duration within, String... usernames) {
        await().atMost(within).untilAsserted(() -> {
            for (String username : usernames) {
                assertFalse(enabled(username), username);
            }
        });
        for (String username : usernames) {
            assertThrows(KeycloakServer.TokenRefused.class, () -> Tokens.of(stack, username), username);
        }
    }

    private void awaitToken(String username) {
        String token = await().atMost(PROVISIONED).ignoreException(KeycloakServer.TokenRefused.class)
                .until(() -> Tokens.of(stack, username), t -> t != null);
        given().auth().oauth2(token).get("/api/v1/agencies").then().statusCode(200);
    }

    private JsonNode awaitGroup(String code, Duration within) {
        return await().atMost(within).until(() -> keycloak.agencyGroup(code), Optional::isPresent).orElseThrow();
    }

    private JsonPath backlog() {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        return new JsonPath(health.prettify()).setRootPath("checks.find { it.name == 'directory-backlog' }");
    }

    private void ensureActive(String code, String jurisdiction) {
        int status = given().auth().oauth2(admin).get("/api/v1/agencies/" + code).statusCode();
        if (status == 404) {
            Drafts.post(admin, local(code, jurisdiction));
        }
        reinstate(code);
    }
}
