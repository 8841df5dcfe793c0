package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.fusionexchange.directory.Drafts.code;
import static org.fusionexchange.directory.Drafts.local;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.fusionexchange.directory.Drafts;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Every endpoint refuses a caller without a token (401) and a non-administrator writing (403). */
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
