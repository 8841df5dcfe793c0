package org.fusionexchange.intake.rest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fusionexchange.stack.test.openapi.OpenApiDocuments;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The document integrators read is the one the build wrote and deploy/api-lint lints (target/openapi/openapi.json),
 * and it says what every operation shares.
 */
@QuarkusTest
class OpenApiDocumentTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void theServedDocumentIsTheOneTheBuildWrote() {
        OpenApiDocuments.assertServedIsStored(root);
    }

    @Test
    void everyOperationIsNamedDescribedSecuredAndAnswersWithProblemsAndRateLimitHeaders() {
        JsonNode document = OpenApiDocuments.stored();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                String where = entry.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = entry.getValue();
                if (!operation.hasNonNull("operationId") || !operation.hasNonNull("description")) {
                    missing.add(where + ": operationId or description");
                }
                if (!operation.path("security").path(0).path("SecurityScheme").toString().contains("reporter")) {
                    missing.add(where + ": the role reporter");
                }
                for (String code : List.of("401", "403", "429", "500", "503")) {
                    if (!operation.path("responses").has(code)) {
                        missing.add(where + ": " + code);
                    }
                }
                for (Map.Entry<String, JsonNode> response : operation.get("responses").properties()) {
                    String code = response.getKey();
                    JsonNode headers = response.getValue().path("headers");
                    if ((code.startsWith("2") || code.startsWith("4"))
                            && !(headers.has("RateLimit") && headers.has("RateLimit-Policy"))) {
                        missing.add(where + " " + code + ": RateLimit headers");
                    }
                    if ((code.equals("429") || code.equals("503")) && !headers.has("Retry-After")) {
                        missing.add(where + " " + code + ": Retry-After");
                    }
                    if ((code.startsWith("4") || code.startsWith("5"))
                            && !response.getValue().path("content").has("application/problem+json")) {
                        missing.add(where + " " + code + ": application/problem+json");
                    }
                }
            }
        }
        assertThat(missing, empty());
        assertThat(document.at("/components/securitySchemes/SecurityScheme/description").asText(),
                containsString("RFC8725"));
    }
}
