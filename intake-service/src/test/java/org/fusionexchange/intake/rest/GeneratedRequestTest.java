package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.fusionexchange.stack.test.openapi.GeneratedRequest;
import org.fusionexchange.stack.test.openapi.GeneratedRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests made from the served document itself, with a reporter's real token: its valid values, and one value past
 * each limit it declares. Each must get an answer the document lists, never a 5xx, and those past a limit must be
 * refused as input. The shared contract filter checks each answer (and each accepted request) against the document
 * too.
 */
@QuarkusTest
class GeneratedRequestTest {

    @InjectFusionStack
    FusionStack stack;

    @TestHTTPResource("/")
    URI root;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void everyOperationAnswersItsGeneratedRequestsAsDocumented() {
        String token = Tokens.of(stack, "tampa.reporter");
        List<GeneratedRequest> requests = GeneratedRequests.fromServed(root);
        List<String> failures = new ArrayList<>();
        for (GeneratedRequest request : requests) {
            try {
                request.assertAnswered(request.send(given().auth().oauth2(token)));
            } catch (AssertionError e) {
                failures.add(request + ": " + e.getMessage());
            }
        }
        assertThat(failures, empty());
    }
}
