package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.fusionexchange.stack.test.openapi.OpenApiContract;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may read /api/v1/agencies: any role with a real Keycloak token meant for fusion-exchange; no token, a forged
 * one, or one for another audience is refused.
 */
@QuarkusTest
class AgencyAccessTest {

    @InjectFusionStack
    FusionStack stack;

    @Test
    void anAdminTokenFromKeycloakIsAccepted() {
        String token = Tokens.of(stack, "directory.admin");
        assertThat(Tokens.claims(token).path("agency").asText(), equalTo("FL-FUSION"));

        given().auth().oauth2(token)
                .when().get("/api/v1/agencies")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("total", notNullValue());
    }

    @Test
    void noTokenIsUnauthorized() {
        given().when().get("/api/v1/agencies")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenSignedByAnotherIssuerIsUnauthorized() {
        given().auth().oauth2(Tokens.fromAnotherIssuer())
                .when().get("/api/v1/agencies")
                .then().statusCode(401);
    }

    /** A bearer token that is not a JWT (the realm issues none) is a 401 problem: never introspected, never a 500. */
    @Test
    void aTokenThatIsNotAJwtIsUnauthorized() {
        given().auth().oauth2("an-opaque-token-the-realm-never-issued")
                .when().get("/api/v1/agencies")
                .then().statusCode(401).contentType("application/problem+json");
    }

    /** A genuine token of the realm, but issued for another audience (Keycloak's admin API): 401. */
    @Test
    void aTokenWithoutTheExchangeAudienceIsUnauthorized() {
        String token = Tokens.withoutExchangeAudience(stack);
        assertThat(Tokens.claims(token).path("aud").toString(), not(containsString("fusion-exchange")));
        given().auth().oauth2(token)
                .when().get("/api/v1/agencies")
                .then().statusCode(401).contentType("application/problem+json");
        assertThat(Tokens.claims(Tokens.of(stack, "directory.admin")).path("aud").toString(),
                containsString("fusion-exchange"));
    }

    @Test
    void aNulByteInACodeOrSearchIsRefusedWithoutReachingTheDatabase() {
        String token = Tokens.of(stack, "directory.admin");
        // the contract check's path matching reads the decoded NUL as the end of the path, and takes this for
        // listAgencies; it is getAgency, whose 404 the document lists
        given().auth().oauth2(token).urlEncodingEnabled(false).noFiltersOfType(OpenApiContract.class)
                .when().get("/api/v1/agencies/%00")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).urlEncodingEnabled(false)
                .when().get("/api/v1/agencies?q=%00")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
