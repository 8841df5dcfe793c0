package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * How the web console logs its user in: it learns where from the public /console-config.json, and the realm's client
 * fusion-console allows only the authorization code flow with PKCE (S256), back to the console's own origin.
 */
@QuarkusTest
class ConsoleLoginTest {

    /** The console's origin in the realm file when no launcher says otherwise (the local run's alert-service). */
    static final String CONSOLE = KeycloakServer.DEFAULT_CONSOLE_ORIGIN;
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @InjectFusionStack
    FusionStack stack;

    @Test
    void theConsoleConfigurationIsPublicAndNamesKeycloakTheRealmAndThePublicClient() {
        given().when().get("/console-config.json")
                .then().statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", containsString("no-cache"))
                .body("keycloakUrl", equalTo(stack.keycloak().orElseThrow().baseUrl()))
                .body("realm", equalTo("fusion"))
                .body("clientId", equalTo("fusion-console"))
                .body("alertUrl", equalTo(""))
                .body("$", not(org.hamcrest.Matchers.hasKey("secret")));
    }

    @Test
    void theConsolesPagesMayTalkOnlyToThisServiceKeycloakAndTheOtherServicesAndRunOnlyTheirOwnScripts() {
        String keycloak = stack.keycloak().orElseThrow().baseUrl();
        String policy = given().when().get("/console-config.json")
                .then().statusCode(200).extract().header("Content-Security-Policy");
        org.hamcrest.MatcherAssert.assertThat(policy, containsString("script-src 'self';"));
        org.hamcrest.MatcherAssert.assertThat(policy, containsString("connect-src 'self' " + keycloak));
        org.hamcrest.MatcherAssert.assertThat(policy, containsString("frame-ancestors 'none'"));
        org.hamcrest.MatcherAssert.assertThat(policy, not(containsString("unsafe-eval")));
        given().when().get("/index.html").then().header("Content-Security-Policy", equalTo(policy));
        // the API and Swagger UI keep their own headers
        given().when().get("/api/v1/topics").then().statusCode(401)
                .header("Content-Security-Policy", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void anAuthorizationRequestWithPkceBackToTheConsoleShowsTheLoginPage() {
        authorize(CONSOLE + "/", Map.of("code_challenge", CHALLENGE, "code_challenge_method", "S256"))
                .then().statusCode(200)
                .body(containsString("kc-form-login"));
    }

    @Test
    void anAuthorizationRequestWithoutPkceIsSentBackWithAnError() {
        String location = authorize(CONSOLE + "/", Map.of())
                .then().statusCode(302).extract().header("Location");
        org.hamcrest.MatcherAssert.assertThat(location, startsWith(CONSOLE + "/"));
        org.hamcrest.MatcherAssert.assertThat(location, containsString("error=invalid_request"));
        org.hamcrest.MatcherAssert.assertThat(location, not(containsString("code=")));
    }

    @Test
    void aPlainPkceChallengeIsRefused() {
        String location = authorize(CONSOLE + "/", Map.of("code_challenge", CHALLENGE, "code_challenge_method", "plain"))
                .then().statusCode(302).extract().header("Location");
        org.hamcrest.MatcherAssert.assertThat(location, containsString("error=invalid_request"));
    }

    @Test
    void noOtherRedirectTargetIsAccepted() {
        for (String elsewhere : new String[] { "https://evil.example/", "http://127.0.0.1:8084/",
                "http://127.0.0.1:8083.evil.example/" }) {
            authorize(elsewhere, Map.of("code_challenge", CHALLENGE, "code_challenge_method", "S256"))
                    .then().statusCode(400)
                    .header("Location", org.hamcrest.Matchers.nullValue());
        }
    }

    @Test
    void theConsolesClientCannotTradeAPasswordForATokenDirectly() {
        KeycloakServer.TokenRefused refused = assertThrows(KeycloakServer.TokenRefused.class,
                () -> stack.keycloak().orElseThrow().token(Map.of("grant_type", "password",
                        "client_id", "fusion-console", "username", "hcso.analyst", "password", "demo")));
        assertTrue(refused.status() == 400 || refused.status() == 401, "refused as a client error: " + refused.status());
    }

    private io.restassured.response.Response authorize(String redirectUri, Map<String, String> pkce) {
        return given().redirects().follow(false)
                .queryParam("client_id", "fusion-console")
                .queryParam("redirect_uri", redirectUri)
                .queryParam("response_type", "code")
                .queryParam("scope", "openid")
                .queryParam("state", "s1")
                .queryParams(pkce)
                .when().get(stack.keycloak().orElseThrow().issuer() + "/protocol/openid-connect/auth");
    }
}
