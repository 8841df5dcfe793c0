package org.fusionexchange.stack.test.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class GeneratedRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DOCUMENT = """
            {"openapi": "3.1.0",
             "paths": {"/api/v1/agencies/{code}/things": {
               "parameters": [{"name": "code", "in": "path", "required": true,
                               "schema": {"type": "string", "pattern": "[A-Z-]{2,32}", "maxLength": 32},
                               "example": "TAMPA-PD"}],
               "post": {"operationId": "addThings",
                 "parameters": [
                   {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                   {"name": "dryRun", "in": "query", "schema": {"type": "boolean"}}],
                 "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Things"}}}},
                 "responses": {"201": {"description": "made"}, "400": {"description": "bad"}}}}},
             "components": {"schemas": {
               "Things": {"type": "object", "required": ["items"], "properties": {
                 "items": {"type": "array", "maxItems": 3, "items": {"$ref": "#/components/schemas/Thing"}},
                 "note": {"type": ["string", "null"], "maxLength": 5}}},
               "Thing": {"type": "object", "required": ["kind", "count"], "properties": {
                 "kind": {"type": "string", "enum": ["A", "B"]},
                 "count": {"type": "integer", "minimum": 0, "maximum": 9},
                 "label": {"type": "string", "maxLength": 4, "example": "abc"}}}}}}
            """;

    @Test
    void oneValidRequestAndOnePastEachDeclaredLimit() throws Exception {
        List<GeneratedRequest> requests = GeneratedRequests.from(JSON.readTree(DOCUMENT));
        Map<String, GeneratedRequest> byWhat = requests.stream()
                .collect(Collectors.toMap(GeneratedRequest::what, r -> r));

        GeneratedRequest valid = byWhat.get("valid values from the document");
        assertEquals(GeneratedRequest.Kind.VALID, valid.kind());
        assertEquals("TAMPA-PD", valid.parameters().get("path").get("code").asText());
        assertEquals("{\"items\":[{\"kind\":\"A\",\"count\":0,\"label\":\"abc\"}]}", valid.body().toString());
        assertEquals("application/json", valid.contentType());
        assertEquals(java.util.Set.of(201, 400), valid.documented());

        assertEquals(33, byWhat.get("path parameter code: maxLength 32 + 1").parameters().get("path").get("code")
                .asText().length());
        assertEquals(501, byWhat.get("query parameter size: maximum 500 + 1").parameters().get("query").get("size")
                .asInt());
        assertEquals(0, byWhat.get("query parameter size: minimum 1 - 1").parameters().get("query").get("size")
                .asInt());
        JsonNode tooMany = byWhat.get("body.items: maxItems 3 + 1").body().path("items");
        assertEquals(4, tooMany.size());
        assertEquals("NOT_IN_THE_ENUM", byWhat.get("body.items[0].kind: a value outside the enum").body()
                .at("/items/0/kind").asText());
        assertEquals(10, byWhat.get("body.items[0].count: maximum 9 + 1").body().at("/items/0/count").asInt());
        assertEquals(-1, byWhat.get("body.items[0].count: minimum 0 - 1").body().at("/items/0/count").asInt());
        assertEquals("abcab", byWhat.get("body.items[0].label: maxLength 4 + 1").body().at("/items/0/label").asText());
        // an optional property the valid body leaves out is tested too
        assertEquals("xxxxxx", byWhat.get("body.note: maxLength 5 + 1").body().path("note").asText());
        assertEquals(10, requests.size(), requests::toString);
        assertTrue(requests.stream().allMatch(r -> r.operationId().equals("addThings")));
    }

    @Test
    void aPatternWithoutAnExampleIsNamedRatherThanGuessed() throws Exception {
        String noExample = DOCUMENT.replace("\"example\": \"TAMPA-PD\"", "\"description\": \"the code\"");
        AssertionError error = assertThrows(AssertionError.class,
                () -> GeneratedRequests.from(JSON.readTree(noExample)));
        assertTrue(error.getMessage().contains("addThings parameter code has the pattern"), error.getMessage());
    }
}
