package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** An analyst's saved subscriptions: their own, validated, and out of reach of other agencies. */
@QuarkusTest
class SubscriptionTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

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
                .then().statusCode(200).body("items.id", hasItem(id));
        // another agency's analyst neither sees nor deletes it
        String dea = Tokens.of(stack, "dea.analyst");
        given().auth().oauth2(dea).when().get("/api/v1/subscriptions")
                .then().statusCode(200).body("items.id", not(hasItem(id)));
        given().auth().oauth2(dea).when().delete("/api/v1/subscriptions/" + id)
                .then().statusCode(404).contentType("application/problem+json");

        given().auth().oauth2(token).when().delete("/api/v1/subscriptions/" + id).then().statusCode(204);
        given().auth().oauth2(token).when().delete("/api/v1/subscriptions/" + id).then().statusCode(404);
        given().auth().oauth2(token).when().get("/api/v1/subscriptions")
                .then().statusCode(200).body("items.id", not(hasItem(id)));
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
        int saved = given().auth().oauth2(token).when().get("/api/v1/subscriptions").then().extract().path("total");
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"topics\": [" + "\"overdose\",".repeat(200_000) + "\"overdose\"]}")
                .when().post("/api/v1/subscriptions")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        // the refused body was drained, not cut off: the same client goes on, and nothing was saved
        given().auth().oauth2(token).when().get("/api/v1/subscriptions")
                .then().statusCode(200).body("total", equalTo(saved));
    }

    @Test
    void anAnalystKeepsAtMostFiftySubscriptionsAndTheListIsPaginated() {
        String token = Tokens.of(stack, "tampabay.analyst");
        List<String> saved = new ArrayList<>();
        try {
            int already = given().auth().oauth2(token).when().get("/api/v1/subscriptions")
                    .then().statusCode(200).extract().path("total");
            for (int i = already; i < 50; i++) {
                saved.add(given().auth().oauth2(token).contentType("application/json")
                        .body("{\"topics\": [\"overdose\"]}")
                        .when().post("/api/v1/subscriptions")
                        .then().statusCode(201).extract().path("id"));
            }
            given().auth().oauth2(token).contentType("application/json").body("{\"topics\": [\"trafficking\"]}")
                    .when().post("/api/v1/subscriptions")
                    .then().statusCode(422).contentType("application/problem+json").body("status", equalTo(422));
            given().auth().oauth2(token).queryParam("size", 500).when().get("/api/v1/subscriptions")
                    .then().statusCode(200).body("total", equalTo(50)).body("items.size()", equalTo(50))
                    .body("items.topics.flatten()", not(hasItem("trafficking")));

            // pages of 20: 20, 20, 10, in creation order, each once
            List<String> paged = new ArrayList<>();
            for (int page = 0; page < 3; page++) {
                List<String> ids = given().auth().oauth2(token).queryParam("page", page).queryParam("size", 20)
                        .when().get("/api/v1/subscriptions")
                        .then().statusCode(200).body("page", equalTo(page)).body("size", equalTo(20))
                        .body("total", equalTo(50)).extract().path("items.id");
                assertEquals(page < 2 ? 20 : 10, ids.size());
                paged.addAll(ids);
            }
            assertEquals(50, new HashSet<>(paged).size());
            assertTrue(paged.containsAll(saved));

            // once one is deleted, one more may be saved
            given().auth().oauth2(token).when().delete("/api/v1/subscriptions/" + paged.get(0)).then().statusCode(204);
            saved.remove(paged.get(0));
            saved.add(given().auth().oauth2(token).contentType("application/json").body("{}")
                    .when().post("/api/v1/subscriptions")
                    .then().statusCode(201).extract().path("id"));
        } finally {
            for (String id : saved) {
                given().auth().oauth2(token).when().delete("/api/v1/subscriptions/" + id);
            }
        }
    }

    @Test
    void aPageWhoseOffsetDoesNotFitOrABadSizeIsAProblemOnEveryList() {
        String token = Tokens.of(stack, "hcso.analyst");
        for (String path : List.of("/api/v1/subscriptions", "/api/v1/alerts")) {
            given().auth().oauth2(token).queryParam("page", 5_000_000).queryParam("size", 500)
                    .when().get(path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", hasItem("page"));
            given().auth().oauth2(token).queryParam("page", Integer.MAX_VALUE).queryParam("size", 500)
                    .when().get(path)
                    .then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(token).queryParam("page", "99999999999999").queryParam("size", "0")
                    .when().get(path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", containsInAnyOrder("page", "size"));
            // the last page that fits is an empty page, not an error
            given().auth().oauth2(token).queryParam("page", 1_000_000).queryParam("size", 500)
                    .when().get(path)
                    .then().statusCode(200).body("items.size()", equalTo(0));
        }
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
