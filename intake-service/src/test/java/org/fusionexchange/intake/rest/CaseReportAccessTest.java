package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.MatcherAssert.assertThat;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.UnknownAgency;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/** Who may reach /api/v1/reports: real Keycloak tokens in, everyone else out with a problem. */
@QuarkusTest
class CaseReportAccessTest {

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void aReporterTokenFromKeycloakIsAcceptedAndCarriesItsAgency() {
        String token = Tokens.of(stack, "tampa.reporter");
        JsonNode claims = Tokens.claims(token);
        assertThat(claims.path("agency").asText(), equalTo("TAMPA-PD"));
        assertThat(JsonList.of(claims.path("realm_access").path("roles")), hasItem("reporter"));

        given().auth().oauth2(token)
                .when().get("/api/v1/reports")
                .then().statusCode(200)
                .body("size", equalTo(50))
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

    /** A genuine token of the realm, but issued for another audience (Keycloak's admin API): 401, no call out. */
    @Test
    void aTokenWithoutTheExchangeAudienceIsUnauthorized() {
        String token = Tokens.withoutExchangeAudience(stack);
        assertThat(Tokens.claims(token).path("aud").toString(), not(containsString("fusion-exchange")));
        given().auth().oauth2(token)
                .when().get("/api/v1/reports")
                .then().statusCode(401)
                .contentType("application/problem+json");
        assertThat(Tokens.claims(Tokens.of(stack, "tampa.reporter")).path("aud").toString(),
                containsString("fusion-exchange"));
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

    @Test
    void aPageWhoseOffsetDoesNotFitIsABadRequestProblem() {
        String token = Tokens.of(stack, "tampa.reporter");
        given().auth().oauth2(token).queryParam("page", 5_000_000).queryParam("size", 500)
                .when().get("/api/v1/reports")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("page"));
        given().auth().oauth2(token).queryParam("page", Integer.MAX_VALUE).queryParam("size", 2)
                .when().get("/api/v1/reports")
                .then().statusCode(400)
                .contentType("application/problem+json");
        // the last offset that fits is an empty page, not an error
        given().auth().oauth2(token).queryParam("page", Integer.MAX_VALUE).queryParam("size", 1)
                .when().get("/api/v1/reports")
                .then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void anAgencyTheDirectoryDoesNotKnowIsForbiddenEverywhere() throws Exception {
        // a genuine realm token, for a Keycloak group made by hand that directory.agencies never named
        String token = UnknownAgency.reporterToken(stack);
        assertThat(Tokens.claims(token).path("agency").asText(), equalTo(UnknownAgency.CODE));
        String detail = "Agency " + UnknownAgency.CODE + " is not known to the directory.";
        given().auth().oauth2(token).when().get("/api/v1/reports")
                .then().statusCode(403).contentType("application/problem+json").body("detail", equalTo(detail));
        given().auth().oauth2(token).contentType("application/json").body(SampleReports.minimal().toString())
                .when().post("/api/v1/reports")
                .then().statusCode(403).contentType("application/problem+json").body("detail", equalTo(detail));
        given().auth().oauth2(token).contentType("application/json").body("[" + SampleReports.minimal() + "]")
                .when().post("/api/v1/reports/batch")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token).when().get("/api/v1/reports/" + java.util.UUID.randomUUID())
                .then().statusCode(403).contentType("application/problem+json");
        // the directory's own agencies are served as before
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).when().get("/api/v1/reports")
                .then().statusCode(200);
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
