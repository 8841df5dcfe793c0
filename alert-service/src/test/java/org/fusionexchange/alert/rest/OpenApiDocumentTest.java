package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.service.AlertTopic;
import org.fusionexchange.stack.test.openapi.OpenApiDocuments;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document: the one the build stored (target/openapi/openapi.json, which deploy/api-lint lints) is the
 * one served, and it says what the service does for every operation of /api.
 */
@QuarkusTest
class OpenApiDocumentTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void theServedDocumentIsTheOneTheBuildStoredAndLinted() {
        OpenApiDocuments.assertServedIsStored(URI.create(root.getScheme() + "://" + root.getAuthority()));
    }

    @Test
    void everyOperationHasItsIdDescriptionRolesAndProblemAnswersWithTheRateLimitHeaders() throws Exception {
        JsonNode document = served();
        List<String> operationIds = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            assertTrue(path.getKey().startsWith("/api/v1/"), "only the API is in the document: " + path.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String where = op.getKey() + " " + path.getKey();
                JsonNode operation = op.getValue();
                operationIds.add(operation.path("operationId").asText());
                assertFalse(operation.path("operationId").asText().isEmpty(), where);
                assertFalse(operation.path("description").asText().isEmpty(), where);
                JsonNode roles = operation.path("security").path(0).path("bearer");
                assertEquals(1, roles.size(), where + " names its role");
                for (String status : List.of("401", "403", "429", "500", "503")) {
                    assertTrue(operation.path("responses").has(status), where + " " + status);
                }
                for (Iterator<Map.Entry<String, JsonNode>> answers = operation.path("responses").fields();
                        answers.hasNext();) {
                    Map.Entry<String, JsonNode> answer = answers.next();
                    String status = answer.getKey();
                    if (status.startsWith("4") || status.startsWith("5")) {
                        assertEquals("#/components/schemas/Problem", answer.getValue()
                                .at("/content/application~1problem+json/schema/$ref").asText(), where + " " + status);
                    }
                    if (status.startsWith("2") || status.startsWith("4")) {
                        assertTrue(answer.getValue().path("headers").has("RateLimit"), where + " " + status);
                        assertTrue(answer.getValue().path("headers").has("RateLimit-Policy"), where + " " + status);
                    }
                }
                assertTrue(operation.at("/responses/429/headers").has("Retry-After"), where);
            }
        }
        assertEquals(operationIds.size(), operationIds.stream().distinct().count(), "unique: " + operationIds);
        assertTrue(document.at("/components/securitySchemes/bearer/description").asText().contains("RFC8725"));
    }

    @Test
    void theDeclaredTopicsAreTheServicesTopics() throws Exception {
        List<String> declared = new ArrayList<>();
        served().at("/components/schemas/TopicId/enum").forEach(t -> declared.add(t.asText()));
        assertEquals(Arrays.stream(AlertTopic.values()).map(AlertTopic::id).toList(), declared);
    }

    private static JsonNode served() throws Exception {
        return ContractExamples.JSON.readTree(given().queryParam("format", "json")
                .when().get("/q/openapi").then().statusCode(200).extract().asString());
    }
}
