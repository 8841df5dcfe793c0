package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.MatcherAssert.assertThat;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/** Who may reach /api/v1/reports: real Keycloak tokens in, everyone else out with a problem. */
@QuarkusTest
class CaseReportAccessTest {

    @InjectFusionStack
    FusionStack stack;

    @Test
    void aReporterTokenFromKeycloakIsAcceptedAndCarriesItsAgency() {
        String token = Tokens.of(stack, "tampa.reporter");
        JsonNode claims = Tokens.claims(token);
        assertThat(claims.path("agency").asText(), equalTo("TAMPA-PD"));
        assertThat(JsonList.of(claims.path("realm_access").path("roles")), hasItem("reporter"));

        given().auth().oauth2(token)
                .when().get("/api/v1/reports")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(50))
                .body("total", notNullValue())
                .body("items", notNullValue());
    }

    @Test
    void noTokenIsUnauthorized() {
        given().when().get("/api/v1/reports")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void anAnalystTokenIsForbidden() {
        given().auth().oauth2(Tokens.of(stack, "hcso.analyst"))
                .when().get("/api/v1/reports")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
    }

    @Test
    void aTokenSignedByAnotherIssuerIsUnauthorized() {
        given().auth().oauth2(Tokens.fromAnotherIssuer())
                .when().get("/api/v1/reports")
                .then().statusCode(401);
    }

    @Test
    void anOversizedPageIsABadRequestProblem() {
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter"))
                .queryParam("size", 501)
                .when().get("/api/v1/reports")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("size"));
    }

    /** Jackson array node to a list of strings, for Hamcrest. */
    static final class JsonList {
        static java.util.List<String> of(JsonNode array) {
            java.util.List<String> values = new java.util.ArrayList<>();
            array.forEach(node -> values.add(node.asText()));
            return values;
        }
    }
}
