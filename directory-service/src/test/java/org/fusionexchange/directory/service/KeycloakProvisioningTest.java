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
import java.util.Optional;

import jakarta.inject.Inject;

import org.fusionexchange.directory.Drafts;
import org.fusionexchange.directory.KeycloakAdmin;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** What the directory provisions in the real Keycloak: groups, suspensions, and catching up after an outage. */
@QuarkusTest
class KeycloakProvisioningTest {

    private static final Duration PROVISIONED = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    ProvisioningWorker worker;

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

        given().auth().oauth2(admin).post("/api/v1/agencies/TAMPA-PD/suspension").then().statusCode(200);
        try {
            await().atMost(PROVISIONED).untilAsserted(() -> assertThrows(KeycloakServer.TokenRefused.class,
                    () -> server.clientToken("tampa-pd-rms", "demo-secret")));
        } finally {
            given().auth().oauth2(admin).delete("/api/v1/agencies/TAMPA-PD/suspension").then().statusCode(200);
        }
        await().atMost(PROVISIONED).ignoreException(KeycloakServer.TokenRefused.class)
                .until(() -> server.clientToken("tampa-pd-rms", "demo-secret"), t -> t != null);
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
                assertTrue(check.getString("data.provisioningLastError") != null);
            });
        } finally {
            server.start();
        }
        awaitGroup(code, Duration.ofSeconds(60));
        await().atMost(PROVISIONED).until(() -> backlog().getInt("data.provisioningPending") == 0);
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
        given().auth().oauth2(admin).delete("/api/v1/agencies/" + code + "/suspension").then().statusCode(200);
    }
}
