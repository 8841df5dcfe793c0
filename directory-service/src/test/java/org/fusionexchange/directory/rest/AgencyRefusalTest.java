package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.fusionexchange.directory.Drafts.code;
import static org.fusionexchange.directory.Drafts.local;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.fusionexchange.directory.Drafts;
import org.fusionexchange.directory.KeycloakAdmin;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint refuses a caller without a token (401), a caller whose agency the directory does not know (403),
 * and a non-administrator writing (403).
 */
@QuarkusTest
class AgencyRefusalTest {

    private static final String PROBLEM = "application/problem+json";

    @InjectFusionStack
    FusionStack stack;

    private interface Call {
        io.restassured.response.Response on(RequestSpecification request, String code);
    }

    private static final Map<String, Call> WRITES = Map.of(
            "create", (r, code) -> r.contentType(ContentType.JSON).body(local(code, "US")).post("/api/v1/agencies"),
            "update", (r, code) -> r.contentType(ContentType.JSON).header("If-Match", "\"1\"")
                    .body(local(code, "US")).put("/api/v1/agencies/" + code),
            "suspend", (r, code) -> r.post("/api/v1/agencies/" + code + "/suspension"),
            "reinstate", (r, code) -> r.delete("/api/v1/agencies/" + code + "/suspension"),
            "republish", (r, code) -> r.post("/api/v1/agencies/republication"));

    @Test
    void noTokenIsUnauthorizedEverywhere() {
        String code = code("NOAUTH");
        Drafts.create(Tokens.of(stack, "directory.admin"), local(code, "US"));
        given().get("/api/v1/agencies").then().statusCode(401).contentType(PROBLEM);
        given().get("/api/v1/agencies/" + code).then().statusCode(401).contentType(PROBLEM);
        WRITES.forEach((name, call) -> call.on(given(), code).then().statusCode(401).contentType(PROBLEM));
    }

    @Test
    void aForgedTokenIsUnauthorized() {
        given().auth().oauth2(Tokens.fromAnotherIssuer()).get("/api/v1/agencies/DEA").then().statusCode(401);
        WRITES.forEach((name, call) -> call.on(given().auth().oauth2(Tokens.fromAnotherIssuer()), "DEA")
                .then().statusCode(401));
    }

    /**
     * A group made by hand in Keycloak gives its users a valid token whose agency claim names no agency of the
     * directory: even with the admin role, every call is refused, and nothing is written.
     */
    @Test
    void aTokenOfAnAgencyTheDirectoryDoesNotKnowIsForbiddenEverywhere() {
        String ghost = code("GHOST");
        KeycloakAdmin keycloak = new KeycloakAdmin(stack);
        keycloak.createGroup("agencies", ghost, Map.of("agency_code", ghost));
        String username = ghost.toLowerCase() + ".admin";
        keycloak.createUserIn(username, "agencies/" + ghost, true, "admin");
        String token = Tokens.of(stack, username);
        assertThat(Tokens.claims(token).path("agency").asText(), equalTo(ghost));
        assertThat(Tokens.claims(token).path("realm_access").path("roles").toString(), containsString("admin"));
        String detail = "Agency " + ghost + " is not in the directory.";

        given().auth().oauth2(token).get("/api/v1/agencies").then().statusCode(403).contentType(PROBLEM)
                .body("status", equalTo(403)).body("detail", equalTo(detail));
        given().auth().oauth2(token).get("/api/v1/agencies/DEA").then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo(detail));
        given().auth().oauth2(token).get("/api/v1/agencies/" + ghost).then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo(detail));
        WRITES.forEach((name, call) -> call.on(given().auth().oauth2(token), ghost)
                .then().statusCode(403).contentType(PROBLEM).body("detail", equalTo(detail)));
        // the refused create wrote nothing: the agency still does not exist
        given().auth().oauth2(Tokens.of(stack, "directory.admin")).get("/api/v1/agencies/" + ghost)
                .then().statusCode(404);
    }

    @Test
    void reportersAndAnalystsMayReadButNotWrite() {
        String code = code("RO");
        Drafts.create(Tokens.of(stack, "directory.admin"), local(code, "US"));
        for (String user : new String[] { "tampa.reporter", "hcso.analyst" }) {
            String token = Tokens.of(stack, user);
            given().auth().oauth2(token).get("/api/v1/agencies/" + code).then().statusCode(200);
            WRITES.forEach((name, call) -> call.on(given().auth().oauth2(token), code)
                    .then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403)));
        }
        given().auth().oauth2(Tokens.of(stack, "directory.admin")).get("/api/v1/agencies/" + code)
                .then().statusCode(200).body("version", equalTo(1)).body("status", equalTo("ACTIVE"));
    }
}
