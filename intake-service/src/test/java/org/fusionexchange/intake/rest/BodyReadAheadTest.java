package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.Metrics;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Small bodies with a token the verified-token cache holds are read on the event loop before their endpoint runs
 * ({@link BodyLimits}); every other body is read by the endpoint as before. Either way the endpoint gets the same
 * bytes, and a request whose token was never verified is never read ahead. Real Keycloak tokens, real PostgreSQL.
 */
@QuarkusTest
class BodyReadAheadTest {

    private static final String READ_AHEAD = "intake_http_bodies_read_ahead_total";

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void aVerifiedTokensSmallBodyIsReadAheadAndStoredAsSent() {
        String token = Tokens.of(stack, "tampa.reporter");
        // the token's first request verifies it: nothing is read ahead yet
        double before = readAhead();
        SampleReports.submit(token, SampleReports.minimal());
        assertEquals(before, readAhead(), "a token never verified before is not read ahead");

        ObjectNode report = SampleReports.drugSeizure();
        String id = SampleReports.submit(token, report);
        assertEquals(before + 1, readAhead(), "the verified token's body was read ahead");
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id).then().statusCode(200)
                .body("externalRef", equalTo(report.path("externalRef").asText()))
                .body("headline", equalTo(report.path("headline").asText()));

        // an amendment is read ahead too, and stored as sent
        ObjectNode amended = report.deepCopy().put("headline", "Amended after the seizure was weighed");
        given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                .body(amended.toString()).when().put("/api/v1/reports/" + id).then().statusCode(200);
        assertEquals(before + 2, readAhead());
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id).then().statusCode(200)
                .body("headline", equalTo("Amended after the seizure was weighed")).body("version", equalTo(2));
    }

    @Test
    void aForgedTokensBodyIsNeverReadAhead() {
        String token = Tokens.of(stack, "tampa.reporter");
        SampleReports.submit(token, SampleReports.minimal());
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        double before = readAhead();
        given().auth().oauth2(forged).contentType("application/json").body(SampleReports.minimal().toString())
                .when().post("/api/v1/reports").then().statusCode(401);
        given().contentType("application/json").body(SampleReports.minimal().toString())
                .when().post("/api/v1/reports").then().statusCode(401);
        assertEquals(before, readAhead(), "no body is read for a token the cache does not hold");
    }

    @Test
    void aChunkedBodyAndABodyOverTheLimitAreReadByTheEndpoint() throws Exception {
        String token = Tokens.of(stack, "tampa.reporter");
        SampleReports.submit(token, SampleReports.minimal());
        double before = readAhead();

        // sent chunked, without a Content-Length: the endpoint reads it
        ObjectNode report = SampleReports.minimal();
        byte[] body = report.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/reports"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, chunked.statusCode(), chunked.body());

        // a batch over the read-ahead limit: the endpoint reads it, and every item is stored
        ArrayNode batch = SampleReports.JSON.createArrayNode();
        int size = 0;
        while (size <= BodyLimits.READ_AHEAD_LIMIT) {
            ObjectNode item = SampleReports.minimal().put("narrative", "x".repeat(4_000));
            size += item.toString().length() + 1;
            batch.add(item);
        }
        given().auth().oauth2(token).contentType("application/json").body(batch.toString())
                .when().post("/api/v1/reports/batch").then().statusCode(200)
                .body("accepted", equalTo(batch.size()));
        assertEquals(before, readAhead(), "neither body was read ahead");
        assertTrue(batch.toString().length() > BodyLimits.READ_AHEAD_LIMIT);
    }

    @Test
    void anHttp2RequestIsReadByTheEndpoint() throws Exception {
        String token = Tokens.of(stack, "tampa.reporter");
        SampleReports.submit(token, SampleReports.minimal());
        double before = readAhead();
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI reports = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/reports");
        // the first request upgrades the connection (h2c); the report then goes over HTTP/2 with its Content-Length
        HttpResponse<String> list = http2.send(HttpRequest.newBuilder(reports)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode(), list.body());
        HttpResponse<String> created = http2.send(HttpRequest.newBuilder(reports)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SampleReports.minimal().toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, created.version(), "the report went over HTTP/2");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> truncated = http2.send(HttpRequest.newBuilder(reports)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\"")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, truncated.statusCode(), truncated.body());
        assertEquals(before, readAhead(), "HTTP/2 bodies are not read ahead");
    }

    private static double readAhead() {
        return Metrics.value(READ_AHEAD, "");
    }
}
