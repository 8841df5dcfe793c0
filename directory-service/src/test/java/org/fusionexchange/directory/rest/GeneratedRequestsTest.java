package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.fusionexchange.directory.Drafts.code;
import static org.fusionexchange.directory.Drafts.local;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.directory.Drafts;
import org.fusionexchange.stack.test.openapi.GeneratedRequest;
import org.fusionexchange.stack.test.openapi.GeneratedRequests;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests made from the served document itself: per operation, its valid values and one value past each declared
 * limit, sent as the administrator (whose role every operation allows). Each gets an answer the document lists and
 * never a server error; a value past a limit is refused as input.
 */
@QuarkusTest
class GeneratedRequestsTest extends AsAdministrator {

    /** The document's example agency, a demo agency whose users the other tests log in as. */
    private static final String EXAMPLE_AGENCY = "TAMPA-PD";

    @TestHTTPResource("/")
    URI origin;

    @Test
    void everyOperationAnswersItsGeneratedRequestsAsDocumented() {
        String own = code("GEN");
        Drafts.create(admin, local(own, "US-FL"));
        List<GeneratedRequest> requests = GeneratedRequests.fromServed(origin);
        assertTrue(requests.size() > 16, requests.size() + " requests for the 16 operations");
        List<String> failures = new ArrayList<>();
        for (GeneratedRequest generated : requests) {
            GeneratedRequest request = onAgency(generated, own);
            try {
                request.assertAnswered(request.send(given().auth().oauth2(admin)));
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + requests.size() + " generated requests failed:\n"
                + String.join("\n", failures));
    }

    /**
     * The request on the test's own agency where it names the document's example agency, so that suspending it
     * disables no demo user that other tests log in as. Values past a limit stay as they are.
     */
    private static GeneratedRequest onAgency(GeneratedRequest request, String code) {
        Map<String, JsonNode> path = new LinkedHashMap<>(request.parameters().getOrDefault("path", Map.of()));
        if (!request.path().startsWith("/api/v1/agencies/{code}")
                || !EXAMPLE_AGENCY.equals(path.get("code").asText())) {
            return request;
        }
        path.put("code", TextNode.valueOf(code));
        Map<String, Map<String, JsonNode>> parameters = new LinkedHashMap<>(request.parameters());
        parameters.put("path", path);
        JsonNode body = request.body();
        if (body != null && body.isObject() && EXAMPLE_AGENCY.equals(body.path("code").asText())) {
            body = ((ObjectNode) body.deepCopy()).put("code", code);
        }
        return new GeneratedRequest(request.operationId(), request.method(), request.path(), request.documented(),
                request.contentType(), request.kind(), request.what(), parameters, body);
    }
}
