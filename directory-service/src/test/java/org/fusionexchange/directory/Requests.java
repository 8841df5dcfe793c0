package org.fusionexchange.directory;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Calls on one resource, as a caller with a token (null: none) and an If-Match (null: none) would send them. */
public final class Requests {

    private Requests() {
    }

    public static ValidatableResponse get(String token, String path) {
        return as(token).get(path).then();
    }

    public static ValidatableResponse put(String token, String path, String ifMatch, String body) {
        return withIfMatch(as(token).contentType(ContentType.JSON).body(body), ifMatch).put(path).then();
    }

    public static ValidatableResponse delete(String token, String path, String ifMatch) {
        return withIfMatch(as(token), ifMatch).delete(path).then();
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().auth().oauth2(token);
    }

    private static RequestSpecification withIfMatch(RequestSpecification request, String ifMatch) {
        return ifMatch == null ? request : request.header("If-Match", ifMatch);
    }
}
