package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** An analyst's saved subscriptions: their own, validated, and out of reach of other agencies. */
@QuarkusTest
class SubscriptionTest {

    @InjectFusionStack
    FusionStack stack;

    @Test
    void anAnalystSavesListsAndDeletesTheirSubscriptions() {
        String token = Tokens.of(stack, "hcso.analyst");
        String id = given().auth().oauth2(token).contentType("application/json")
                .body("{\"topics\": [\"overdose\", \"drug-seizure\"], \"jurisdiction\": \"US-FL\","
                        + " \"minimumSeverity\": \"Severe\"}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/subscriptions/"))
                .body("topics", contains("overdose", "drug-seizure"))
                .body("jurisdiction", equalTo("US-FL"))
                .body("minimumSeverity", equalTo("Severe"))
                .extract().path("id");

        given().auth().oauth2(token).when().get("/api/v1/subscriptions")
                .then().statusCode(200).body("id", hasItem(id));
        // another agency's analyst neither sees nor deletes it
        String dea = Tokens.of(stack, "dea.analyst");
        given().auth().oauth2(dea).when().get("/api/v1/subscriptions")
                .then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(dea).when().delete("/api/v1/subscriptions/" + id)
                .then().statusCode(404).contentType("application/problem+json");

        given().auth().oauth2(token).when().delete("/api/v1/subscriptions/" + id).then().statusCode(204);
        given().auth().oauth2(token).when().delete("/api/v1/subscriptions/" + id).then().statusCode(404);
        given().auth().oauth2(token).when().get("/api/v1/subscriptions")
                .then().statusCode(200).body("id", not(hasItem(id)));
    }

    @Test
    void anEmptySubscriptionMeansEveryTopic() {
        String token = Tokens.of(stack, "az.analyst");
        String id = given().auth().oauth2(token).contentType("application/json").body("{}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(201)
                .body("topics.size()", equalTo(0)).body("jurisdiction", nullValue())
                .extract().path("id");
        given().auth().oauth2(token).when().delete("/api/v1/subscriptions/" + id).then().statusCode(204);
    }

    @Test
    void invalidValuesGetOneErrorPerField() {
        String token = Tokens.of(stack, "hcso.analyst");
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"topics\": [\"overdose\", \"gossip\"], \"jurisdiction\": \"Florida\","
                        + " \"minimumSeverity\": \"Apocalyptic\"}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", containsInAnyOrder("/topics/1", "/jurisdiction", "/minimumSeverity"));
        given().auth().oauth2(token).contentType("application/json").body("{\"topics\": \"overdose\"")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"topics\": {\"a\": 1}}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/topics"));
        given().auth().oauth2(token).when().delete("/api/v1/subscriptions/42")
                .then().statusCode(400).body("errors[0].pointer", equalTo("id"));
        given().auth().oauth2(token).contentType("application/json").body("{}{\"topics\": [\"overdose\"]}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"topics\": [\"overdose\", 7]}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(400).contentType("application/problem+json");
        // a misspelt field is refused, not ignored into a subscription to everything; so is a body that is no object
        given().auth().oauth2(token).contentType("application/json").body("{\"topic\": [\"overdose\"]}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/topic"));
        for (String notAnObject : new String[] { "", "null", "[]", "\"overdose\"" }) {
            given().auth().oauth2(token).contentType("application/json").body(notAnObject)
                    .when().post("/api/v1/subscriptions")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithAProblemAndNothingSaved() {
        String token = Tokens.of(stack, "fl.analyst");
        int saved = given().auth().oauth2(token).when().get("/api/v1/subscriptions").then().extract().path("size()");
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"topics\": [" + "\"overdose\",".repeat(200_000) + "\"overdose\"]}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        // the refused body was drained, not cut off: the same client goes on, and nothing was saved
        given().auth().oauth2(token).when().get("/api/v1/subscriptions")
                .then().statusCode(200).body("size()", equalTo(saved));
    }

    @Test
    void refusals() {
        given().contentType("application/json").body("{}").when().post("/api/v1/subscriptions")
                .then().statusCode(401);
        given().auth().oauth2(Tokens.of(stack, "tampa.reporter")).contentType("application/json").body("{}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(403).contentType("application/problem+json");
    }
}
