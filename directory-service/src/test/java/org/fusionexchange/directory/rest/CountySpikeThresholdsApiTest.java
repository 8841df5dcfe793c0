package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.fusionexchange.directory.Drafts.county;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.directory.Requests;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Counties' own spike thresholds over HTTP: administrators set, replace and reset them with versions; everyone of
 * an active agency reads them; every refusal is a problem naming the offending field, and stores nothing.
 */
@QuarkusTest
class CountySpikeThresholdsApiTest extends AsAdministrator {

    private static final String PROBLEM = "application/problem+json";
    private static final String THRESHOLDS = "{\"PT1H\": 5, \"PT6H\": 8, \"PT24H\": 12}";

    @Test
    void anOverrideIsSetReadReplacedAndListed() {
        String county = county();
        get(admin, county).statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("No spike thresholds override for county " + county + " in the directory."));

        put(admin, county, null, THRESHOLDS)
                .statusCode(201).header("ETag", "\"1\"")
                .header("Location", endsWith("/api/v1/counties/" + county + "/spike-thresholds"))
                .body("PT1H", equalTo(5)).body("PT6H", equalTo(8)).body("PT24H", equalTo(12));
        String read = get(admin, county).statusCode(200).header("ETag", "\"1\"")
                .body("PT1H", equalTo(5)).body("PT6H", equalTo(8)).body("PT24H", equalTo(12))
                .extract().asString();

        // the body read goes back as it is
        put(admin, county, "\"1\"", read.replace("12", "20")).statusCode(200).header("ETag", "\"2\"")
                .body("PT24H", equalTo(20));
        get(Tokens.of(stack, "tampa.reporter"), county).statusCode(200).header("ETag", "\"2\"")
                .body("PT24H", equalTo(20));

        given().auth().oauth2(Tokens.of(stack, "fl.analyst")).queryParam("size", 500)
                .get("/api/v1/counties/spike-thresholds")
                .then().statusCode(200)
                .body("size", equalTo(500))
                .body("items.county", hasItem(county))
                .body("items.find { it.county == '" + county + "' }.version", equalTo(2))
                .body("items.find { it.county == '" + county + "' }.spikeThresholds.PT1H", equalTo(5))
                .body("items.find { it.county == '" + county + "' }.updatedAt", not(equalTo(null)));
        given().auth().oauth2(admin).queryParam("size", 0).get("/api/v1/counties/spike-thresholds")
                .then().statusCode(400).contentType(PROBLEM).body("errors.pointer", contains("size"));
    }

    @Test
    void aChangeNeedsTheCurrentVersion() {
        String county = county();
        // a county with the defaults has no version to match
        put(admin, county, "\"1\"", THRESHOLDS).statusCode(412).contentType(PROBLEM);
        put(admin, county, "*", THRESHOLDS).statusCode(412);
        get(admin, county).statusCode(404);

        put(admin, county, null, THRESHOLDS).statusCode(201);
        put(admin, county, null, THRESHOLDS).statusCode(428).contentType(PROBLEM);
        put(admin, county, "\"0\"", THRESHOLDS).statusCode(412).contentType(PROBLEM)
                .body("detail", equalTo("The spike thresholds of county " + county
                        + " are at version 1; read them again and retry."));
        put(admin, county, "W/\"1\"", "{\"PT1H\": 6, \"PT6H\": 8, \"PT24H\": 12}").statusCode(200)
                .header("ETag", "\"2\"");
        put(admin, county, "\"1\"", "{\"PT1H\": 7, \"PT6H\": 8, \"PT24H\": 12}").statusCode(412);
        get(admin, county).header("ETag", "\"2\"").body("PT1H", equalTo(6));
    }

    @Test
    void aDeleteReturnsTheCountyToTheDefaultsAndVersionsKeepGrowing() {
        String county = county();
        put(admin, county, null, THRESHOLDS).statusCode(201);

        delete(admin, county, "\"7\"").statusCode(412).contentType(PROBLEM);
        get(admin, county).statusCode(200);
        delete(admin, county, "\"1\"").statusCode(204);
        get(admin, county).statusCode(404).contentType(PROBLEM);
        delete(admin, county, null).statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(admin).queryParam("size", 500).get("/api/v1/counties/spike-thresholds")
                .then().statusCode(200).body("items.county", not(hasItem(county)));

        put(admin, county, null, THRESHOLDS).statusCode(201).header("ETag", "\"3\"");
        delete(admin, county, null).statusCode(204);
    }

    @Test
    void aCodeThatIsNotACountyIsABadRequestNamingTheParameter() {
        for (String bad : new String[] { "US-FL-1205", "us-fl-12057", "FL-12057", "US-FL", "TAMPA-PD",
                "US-FL-120570" }) {
            get(admin, bad).statusCode(400).contentType(PROBLEM).body("errors.pointer", contains("code"));
            put(admin, bad, null, THRESHOLDS).statusCode(400).contentType(PROBLEM)
                    .body("errors.pointer", contains("code"));
            delete(admin, bad, null).statusCode(400).contentType(PROBLEM).body("errors.pointer", contains("code"));
        }
    }

    @Test
    void badBodiesAreRefusedWithPointersAndNothingStored() {
        String county = county();
        Map<String, String[]> malformed = Map.of(
                "{\"PT1H\": \"5\", \"PT6H\": 8, \"PT24H\": 12}", new String[] { "/PT1H" },
                "{\"PT1H\": 5, \"PT6H\": 8.5, \"PT24H\": null}", new String[] { "/PT6H", "/PT24H" },
                "[5, 8, 12]", new String[] { "" });
        malformed.forEach((body, pointers) -> put(admin, county, null, body)
                .statusCode(400).contentType(PROBLEM).body("errors.pointer", contains(pointers)));
        Map<String, String[]> broken = Map.of(
                "{\"PT1H\": 0, \"PT6H\": 10001, \"PT24H\": 12}", new String[] { "/PT1H", "/PT6H" },
                "{\"PT1H\": 5, \"PT6H\": 8}", new String[] { "/PT24H" },
                "{\"PT1H\": 5, \"PT6H\": 8, \"PT24H\": 12, \"PT2H\": 3}", new String[] { "/PT2H" });
        broken.forEach((body, pointers) -> put(admin, county, null, body)
                .statusCode(422).contentType(PROBLEM)
                .body("type", endsWith("/invalid-spike-thresholds"))
                .body("errors.pointer", contains(pointers)));
        put(admin, county, null, "{\"PT1H\": 5, ").statusCode(400).contentType(PROBLEM);
        put(admin, county, null, THRESHOLDS + "{}").statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .put("/api/v1/counties/" + county + "/spike-thresholds")
                .then().statusCode(400).contentType(PROBLEM);

        get(admin, county).statusCode(404);
    }

    @Test
    void onlyAdministratorsChangeAndNoTokenIsUnauthorized() {
        String county = county();
        for (String user : new String[] { "tampa.reporter", "tucson.analyst" }) {
            String token = Tokens.of(stack, user);
            put(token, county, null, THRESHOLDS).statusCode(403).contentType(PROBLEM);
            get(token, county).statusCode(404);
        }
        put(admin, county, null, THRESHOLDS).statusCode(201);
        String analyst = Tokens.of(stack, "tucson.analyst");
        put(analyst, county, "\"1\"", "{\"PT1H\": 1, \"PT6H\": 1, \"PT24H\": 1}").statusCode(403);
        delete(analyst, county, null).statusCode(403).contentType(PROBLEM);

        given().get("/api/v1/counties/spike-thresholds").then().statusCode(401).contentType(PROBLEM);
        given().get("/api/v1/counties/" + county + "/spike-thresholds").then().statusCode(401).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(THRESHOLDS).put("/api/v1/counties/" + county + "/spike-thresholds")
                .then().statusCode(401).contentType(PROBLEM);
        given().delete("/api/v1/counties/" + county + "/spike-thresholds").then().statusCode(401)
                .contentType(PROBLEM);

        get(admin, county).statusCode(200).header("ETag", "\"1\"").body("PT1H", equalTo(5));
    }

    private static ValidatableResponse get(String token, String county) {
        return Requests.get(token, path(county));
    }

    private static ValidatableResponse put(String token, String county, String ifMatch, String body) {
        return Requests.put(token, path(county), ifMatch, body);
    }

    private static ValidatableResponse delete(String token, String county, String ifMatch) {
        return Requests.delete(token, path(county), ifMatch);
    }

    private static String path(String county) {
        return "/api/v1/counties/" + county + "/spike-thresholds";
    }
}
