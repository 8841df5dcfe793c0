package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Who may reach /api/v1/topics: analysts with a real Keycloak token; everyone else gets a problem. */
@QuarkusTest
class TopicAccessTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void anAnalystSeesTheTopicsOfReportsOfSpikesAndOfMatches() {
        String token = Tokens.of(stack, "hcso.analyst");
        assertThat(Tokens.claims(token).path("agency").asText(), equalTo("HCSO"));

        given().auth().oauth2(token)
                .when().get("/api/v1/topics")
                .then().statusCode(200)
                .body("id", contains("overdose", "drug-seizure", "trafficking", "suspicious-activity",
                        "officer-safety", "overdose-spike", "entity-match"))
                .body("find { it.id == 'overdose-spike' }.reportType", equalTo(null))
                .body("find { it.id == 'entity-match' }.reportType", equalTo(null));
    }

    @Test
    void noTokenIsUnauthorized() {
        given().when().get("/api/v1/topics")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aReporterTokenIsForbidden() {
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter"))
                .when().get("/api/v1/topics")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aTokenSignedByAnotherIssuerIsUnauthorized() {
        given().auth().oauth2(Tokens.fromAnotherIssuer())
                .when().get("/api/v1/topics")
                .then().statusCode(401);
    }
}
