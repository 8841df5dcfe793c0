package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.stack.test.openapi.GeneratedRequest;
import org.fusionexchange.stack.test.openapi.GeneratedRequests;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests made from the served document itself: per operation, its valid values and one value past each declared
 * limit, sent as the administrator (whose role every operation allows). Each gets an answer the document lists and
 * never a server error; a value past a limit is refused as input.
 */
@QuarkusTest
class GeneratedRequestsTest extends AsAdministrator {

    @TestHTTPResource("/")
    URI origin;

    @Test
    void everyOperationAnswersItsGeneratedRequestsAsDocumented() {
        List<GeneratedRequest> requests = GeneratedRequests.fromServed(origin);
        assertTrue(requests.size() > 16, requests.size() + " requests for the 16 operations");
        List<String> failures = new ArrayList<>();
        for (GeneratedRequest request : requests) {
            try {
                request.assertAnswered(request.send(given().auth().oauth2(admin)));
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + requests.size() + " generated requests failed:\n"
                + String.join("\n", failures));
    }
}
