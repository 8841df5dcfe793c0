package org.fusionexchange.stack.test.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * One request generated from a service's OpenAPI document by {@link GeneratedRequests}: an operation with valid
 * values, or with exactly one value past a declared limit.
 *
 * @param operationId the operation's id in the document
 * @param method the HTTP method
 * @param path the path template, as the document writes it ({@code /api/v1/agencies/{code}})
 * @param documented the statuses the document lists for the operation
 * @param contentType the request body's media type, or null without a body
 * @param kind valid, or past one limit
 * @param what which value is past which limit, for messages
 * @param parameters the values per location ({@code path}, {@code query}, {@code header}) and name
 * @param body the request body, or null
 */
public record GeneratedRequest(String operationId, String method, String path, Set<Integer> documented,
        String contentType, Kind kind, String what, Map<String, Map<String, JsonNode>> parameters, JsonNode body) {

    /** The statuses that mean "your input was refused". */
    public static final Set<Integer> INPUT_REFUSED = Set.of(400, 404, 413, 414, 415, 422, 431);

    public enum Kind {
        /** Every value as the document says a valid one looks. */
        VALID,
        /** One value past one declared limit, everything else valid. */
        PAST_LIMIT
    }

    /** Sends the request on a specification that already carries what the caller adds (a token, say). */
    public Response send(RequestSpecification given) {
        RequestSpecification request = given.urlEncodingEnabled(true);
        parameters.getOrDefault("path", Map.of()).forEach((name, value) -> request.pathParam(name, text(value)));
        parameters.getOrDefault("query", Map.of()).forEach((name, value) -> {
            if (value.isArray()) {
                List<String> values = new ArrayList<>();
                value.forEach(v -> values.add(text(v)));
                request.queryParam(name, values);
            } else {
                request.queryParam(name, text(value));
            }
        });
        parameters.getOrDefault("header", Map.of()).forEach((name, value) -> request.header(name, text(value)));
        if (body != null) {
            request.contentType(contentType).body(body.isTextual() && !contentType.contains("json") ? body.asText()
                    : body.toString());
        }
        return request.request(method, path);
    }

    /**
     * Fails unless the answer is one the document lists for the operation and no server error; a request past a
     * limit must be refused as input ({@link #INPUT_REFUSED}), and a valid one must not be refused as malformed
     * (400, 413, 415). Other refusals of a valid request (404 for an id that does not exist, 409, 412, 422 for a rule
     * the schema cannot say) are the service's to judge, and the caller's test may check them further.
     */
    public void assertAnswered(Response response) {
        int status = response.statusCode();
        String context = String.format("%s %s (%s, %s) answered %d: %s", method, path, operationId, what, status,
                response.asString());
        if (status >= 500) {
            throw new AssertionError("Server error. " + context);
        }
        if (!documented.contains(status)) {
            throw new AssertionError("Status not in the document's list " + documented + ". " + context);
        }
        if (kind == Kind.PAST_LIMIT && !INPUT_REFUSED.contains(status)) {
            throw new AssertionError("A value past a declared limit was not refused as input. " + context);
        }
        if (kind == Kind.VALID && Set.of(400, 413, 415).contains(status)) {
            throw new AssertionError("The document's own valid values were refused as malformed. " + context);
        }
    }

    @Override
    public String toString() {
        return operationId + " (" + what + ")";
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** What every request of one operation shares. */
    record Builder(String operationId, String method, String path, Set<Integer> documented, String contentType) {

        GeneratedRequest build(Kind kind, String what, Map<String, Map<String, JsonNode>> parameters, JsonNode body) {
            Map<String, Map<String, JsonNode>> copy = new LinkedHashMap<>();
            parameters.forEach((in, values) -> copy.put(in, Map.copyOf(values)));
            return new GeneratedRequest(operationId, method, path, Set.copyOf(documented), contentType, kind, what,
                    Map.copyOf(copy), body);
        }
    }
}
