package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.SseClient;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.fusionexchange.stack.test.openapi.GeneratedRequest;
import org.fusionexchange.stack.test.openapi.GeneratedRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/**
 * Requests made from the served OpenAPI document itself (deploy/stack's GeneratedRequests): per operation, valid
 * values, and one value past each declared limit. Each gets an answer the document lists and never a 5xx; past a
 * limit, a refusal as input. Sent with a real token of the role the operation needs. The stream's valid request opens
 * a real stream (and closes it); every other is sent with REST Assured, under the served document's contract check.
 */
@QuarkusTest
class GeneratedRequestTest {

    /** A request that should be refused at once but is not (a stream opened) fails instead of hanging. */
    private static final RestAssuredConfig TIMEOUTS = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 30_000));

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @TestHTTPResource("/")
    URI root;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void everyGeneratedRequestGetsADocumentedAnswerAndNoneHasAServerError() throws Exception {
        List<GeneratedRequest> requests = GeneratedRequests.fromServed(origin());
        assertFalse(requests.isEmpty());
        String analyst = Tokens.of(stack, "dea.analyst");
        String admin = Tokens.of(stack, "directory.admin");
        int pastLimits = 0;
        for (GeneratedRequest request : requests) {
            String token = request.operationId().equals("listCommonEntityValues") ? admin : analyst;
            if (request.operationId().equals("streamAlerts") && request.kind() == GeneratedRequest.Kind.VALID) {
                assertStreamOpens(request, token);
                continue;
            }
            request.assertAnswered(request.send(given().config(TIMEOUTS).auth().oauth2(token)));
            if (request.kind() == GeneratedRequest.Kind.PAST_LIMIT) {
                pastLimits++;
            }
        }
        assertTrue(pastLimits >= 20, "past-limit requests: " + pastLimits + " of " + requests);
    }

    /** The stream's valid request, as a stream client sends it: it opens with 200, and is closed again. */
    private void assertStreamOpens(GeneratedRequest request, String token) throws Exception {
        assertTrue(request.parameters().getOrDefault("query", Map.of()).isEmpty()
                && request.parameters().getOrDefault("header", Map.of()).isEmpty(), request.toString());
        URI stream = root.resolve(request.path());
        try (SseClient client = SseClient.open(stream, token, Map.of())) {
            assertTrue(client.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        }
        HttpResponse<String> refused = SseClient.refused(stream, null, Map.of());
        assertEquals(401, refused.statusCode());
    }

    private URI origin() {
        return URI.create(root.getScheme() + "://" + root.getAuthority());
    }
}
