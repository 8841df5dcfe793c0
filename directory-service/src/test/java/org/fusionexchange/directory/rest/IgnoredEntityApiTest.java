package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.fusionexchange.directory.Drafts.phone;
import static org.fusionexchange.directory.Drafts.plate;
import static org.fusionexchange.directory.Drafts.vin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.directory.Requests;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The ignore list of entity values over HTTP: administrators put values on it, change why, take them off, with
 * versions, and they alone read it; keys are normalised or refused; every refusal is a problem naming the offending
 * field, and stores nothing.
 */
@QuarkusTest
class IgnoredEntityApiTest extends AsAdministrator {

    private static final String PROBLEM = "application/problem+json";
    private static final String LIST = "/api/v1/ignored-entities";
    private static final String TRAINING = "{\"reason\": \"test number used in training\"}";

    @Test
    void anEntryIsPutReadReplacedListedAndTakenOff() {
        String key = "phone:" + phone();
        get(admin, key).statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("No ignored entity " + key + " in the directory."));

        put(admin, key, null, TRAINING)
                .statusCode(201).header("ETag", "\"1\"")
                .header("Location", endsWith(LIST + "/" + key))
                .body("key", equalTo(key)).body("kind", equalTo("PHONE")).body("value", equalTo(key.substring(6)))
                .body("plateState", nullValue()).body("reason", equalTo("test number used in training"))
                .body("version", equalTo(1)).body("updatedBy", equalTo("directory.admin"));
        String read = get(admin, key).statusCode(200).header("ETag", "\"1\"")
                .body("reason", equalTo("test number used in training")).body("updatedAt", not(nullValue()))
                .extract().asString();

        // the body read goes back as it is, with another reason
        put(admin, key, "\"1\"", read.replace("used in training", "of the vendor's demo")).statusCode(200)
                .header("ETag", "\"2\"").body("reason", equalTo("test number of the vendor's demo"));
        given().auth().oauth2(admin).queryParam("size", 500).get(LIST)
                .then().statusCode(200).body("size", equalTo(500)).body("page", equalTo(0))
                .body("items.key", hasItem(key))
                .body("items.find { it.key == '" + key + "' }.version", equalTo(2))
                .body("items.find { it.key == '" + key + "' }.reason", equalTo("test number of the vendor's demo"));

        delete(admin, key, "\"2\"").statusCode(204);
        get(admin, key).statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(admin).queryParam("size", 500).get(LIST)
                .then().statusCode(200).body("items.key", not(hasItem(key)));
    }

    @Test
    void theListIsFilteredByKindAndPaged() {
        String phone = "phone:" + phone();
        String vin = "vin:" + vin();
        String plate = "plate:US-AZ:" + plate();
        for (String key : new String[] { phone, vin, plate }) {
            put(admin, key, null, TRAINING).statusCode(201);
        }
        list("PHONE").body("items.key", hasItem(phone)).body("items.key", not(hasItem(vin)))
                .body("items.kind", everyItem(equalTo("PHONE")));
        list("vin").body("items.key", hasItem(vin)).body("items.kind", everyItem(equalTo("VIN")));
        list("PLATE").body("items.key", hasItem(plate))
                .body("items.find { it.key == '" + plate + "' }.plateState", equalTo("US-AZ"))
                .body("items.find { it.key == '" + plate + "' }.value", equalTo(plate.substring(12)));

        given().auth().oauth2(admin).queryParam("kind", "EMAIL").get(LIST)
                .then().statusCode(400).contentType(PROBLEM).body("errors.pointer", contains("kind"));
        given().auth().oauth2(admin).queryParam("size", 0).queryParam("page", "first").get(LIST)
                .then().statusCode(400).contentType(PROBLEM).body("errors.pointer", contains("page", "size"));
        given().auth().oauth2(admin).queryParam("kind", "PHONE").queryParam("size", 1).get(LIST)
                .then().statusCode(200).body("items.size()", equalTo(1)).body("size", equalTo(1));
    }

    @Test
    void aVinOrPlateInLowerCaseIsStoredInUpperCase() {
        String vin = vin();
        put(admin, "vin:" + vin.toLowerCase(), null, TRAINING).statusCode(201)
                .header("Location", endsWith(LIST + "/vin:" + vin)).body("key", equalTo("vin:" + vin));
        get(admin, "vin:" + vin).statusCode(200).header("ETag", "\"1\"");
        get(admin, "vin:" + vin.toLowerCase()).statusCode(200).body("value", equalTo(vin));

        String plate = plate();
        put(admin, "plate:us-fl:" + plate.toLowerCase(), null, TRAINING).statusCode(201)
                .body("key", equalTo("plate:US-FL:" + plate)).body("plateState", equalTo("US-FL"));
        // the same value: it is ignored already, so a change needs its version
        put(admin, "plate:US-FL:" + plate, null, TRAINING).statusCode(428).contentType(PROBLEM);
    }

    @Test
    void aKeyThatIsNotAnEntityIsABadRequestNamingTheParameter() {
        for (String bad : new String[] { "phone:8135550100", "phone:+0813555", "PHONE:+18135550100",
                "vin:1HGCM82633A00435O", "vin:SHORT", "plate:FL:ABC123", "plate:US-FL:ABC-123", "email:a@b.example",
                "US-FL-12057" }) {
            get(admin, bad).statusCode(400).contentType(PROBLEM).body("errors.pointer", contains("key"));
            put(admin, bad, null, TRAINING).statusCode(400).contentType(PROBLEM)
                    .body("errors.pointer", contains("key"));
            delete(admin, bad, "\"1\"").statusCode(400).contentType(PROBLEM).body("errors.pointer", contains("key"));
        }
    }

    @Test
    void aChangeNeedsTheCurrentVersionAndVersionsKeepGrowing() {
        String key = "vin:" + vin();
        // a value that is not ignored has no version to match
        put(admin, key, "\"1\"", TRAINING).statusCode(412).contentType(PROBLEM);
        put(admin, key, "*", TRAINING).statusCode(412);
        delete(admin, key, "\"1\"").statusCode(404).contentType(PROBLEM);
        get(admin, key).statusCode(404);

        put(admin, key, null, TRAINING).statusCode(201);
        put(admin, key, null, TRAINING).statusCode(428).contentType(PROBLEM);
        put(admin, key, "\"0\"", TRAINING).statusCode(412).contentType(PROBLEM)
                .body("detail", equalTo("The ignored entity " + key + " is at version 1; read it again and retry."));
        put(admin, key, "W/\"1\"", "{\"reason\": \"placeholder VIN\"}").statusCode(200).header("ETag", "\"2\"");

        delete(admin, key, null).statusCode(428).contentType(PROBLEM);
        delete(admin, key, "\"1\"").statusCode(412).contentType(PROBLEM);
        get(admin, key).statusCode(200).header("ETag", "\"2\"").body("reason", equalTo("placeholder VIN"));
        delete(admin, key, "*").statusCode(204);
        delete(admin, key, "*").statusCode(404);

        put(admin, key, null, TRAINING).statusCode(201).header("ETag", "\"4\"");
    }

    @Test
    void badBodiesAreRefusedWithPointersAndNothingStored() {
        String key = "phone:" + phone();
        Map<String, String[]> malformed = Map.of(
                "{\"reason\": 5}", new String[] { "/reason" },
                "[\"training\"]", new String[] { "" });
        malformed.forEach((body, pointers) -> put(admin, key, null, body)
                .statusCode(400).contentType(PROBLEM).body("errors.pointer", contains(pointers)));
        Map<String, String[]> broken = Map.of(
                "{}", new String[] { "/reason" },
                "{\"reason\": \" \"}", new String[] { "/reason" },
                "{\"reason\": \"" + "x".repeat(501) + "\"}", new String[] { "/reason" },
                "{\"reason\": \"training\", \"ignored\": true}", new String[] { "/ignored" });
        broken.forEach((body, pointers) -> put(admin, key, null, body)
                .statusCode(422).contentType(PROBLEM)
                .body("type", endsWith("/invalid-ignored-entity")).body("title", equalTo("Invalid ignored entity"))
                .body("errors.pointer", contains(pointers)));
        put(admin, key, null, "{\"reason\": ").statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(admin).contentType("application/json").put(LIST + "/" + key)
                .then().statusCode(400).contentType(PROBLEM);

        get(admin, key).statusCode(404);
    }

    @Test
    void onlyAdministratorsReadOrChangeAndNoTokenIsUnauthorized() {
        String key = "phone:" + phone();
        put(admin, key, null, TRAINING).statusCode(201);
        for (String user : new String[] { "tampa.reporter", "tucson.analyst", "tampa.analyst", "phoenix.analyst" }) {
            String token = Tokens.of(stack, user);
            given().auth().oauth2(token).get(LIST).then().statusCode(403).contentType(PROBLEM);
            get(token, key).statusCode(403).contentType(PROBLEM);
            put(token, key, "\"1\"", "{\"reason\": \"mine\"}").statusCode(403).contentType(PROBLEM);
            delete(token, key, "\"1\"").statusCode(403).contentType(PROBLEM);
        }
        given().get(LIST).then().statusCode(401).contentType(PROBLEM);
        get(null, key).statusCode(401).contentType(PROBLEM);
        put(null, key, "\"1\"", TRAINING).statusCode(401).contentType(PROBLEM);
        delete(null, key, "\"1\"").statusCode(401).contentType(PROBLEM);

        get(admin, key).statusCode(200).header("ETag", "\"1\"").body("reason", equalTo("test number used in training"));
    }

    private ValidatableResponse list(String kind) {
        return given().auth().oauth2(admin).queryParam("kind", kind).queryParam("size", 500).get(LIST).then()
                .statusCode(200);
    }

    private static ValidatableResponse get(String token, String key) {
        return Requests.get(token, LIST + "/" + key);
    }

    private static ValidatableResponse put(String token, String key, String ifMatch, String body) {
        return Requests.put(token, LIST + "/" + key, ifMatch, body);
    }

    private static ValidatableResponse delete(String token, String key, String ifMatch) {
        return Requests.delete(token, LIST + "/" + key, ifMatch);
    }
}
