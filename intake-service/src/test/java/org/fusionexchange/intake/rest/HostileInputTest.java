package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.inject.Inject;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.repository.CaseReportRepository;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Hundreds of hostile bodies: truncated JSON, deep nesting, huge strings, control characters, broken UTF-8, wrong
 * types. None gets a 5xx, every one gets a problem, and none is stored.
 */
@QuarkusTest
class HostileInputTest {

    private static final String REF = "HOSTILE";

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Inject
    CaseReportRepository reports;

    @Test
    void noHostileBodyGetsA5xxOrIsStored() {
        String token = Tokens.of(stack, "tampa.reporter");
        List<byte[]> bodies = hostileBodies();
        assertTrue(bodies.size() >= 300, "bodies: " + bodies.size());
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (byte[] body : bodies) {
            String path = switch (i++ % 3) {
                case 0 -> "/api/v1/reports";
                case 1 -> "/api/v1/reports/batch";
                default -> "/api/v1/reports";
            };
            Response response = given().auth().oauth2(token).contentType("application/json").body(body)
                    .when().post(path);
            int status = response.statusCode();
            boolean batchItemStored = path.endsWith("batch") && status == 200
                    && response.asString().contains("\"status\":201");
            if (status >= 500 || (status != 200 && !response.contentType().startsWith("application/problem+json"))
                    || status == 201 || batchItemStored) {
                failures.add(status + " on " + path + " for " + preview(body) + ": " + preview(response.asByteArray()));
            }
        }
        assertEquals(List.of(), failures);
        long stored = QuarkusTransaction.requiringNew().call(() -> reports.count("externalRef like ?1", REF + "%"));
        assertEquals(0L, stored);
    }

    @Test
    void hostileAmendmentsAndRetractionsGetNo5xx() {
        String token = Tokens.of(stack, "tampa.reporter");
        String id = SampleReports.submit(token, SampleReports.minimal());
        List<byte[]> bodies = hostileBodies().subList(0, 80);
        for (byte[] body : bodies) {
            int amend = given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                    .body(body).when().put("/api/v1/reports/" + id).statusCode();
            int retract = given().auth().oauth2(token).contentType("application/json").body(body)
                    .when().post("/api/v1/reports/" + id + "/retraction").statusCode();
            assertTrue(amend < 500 && amend != 200, amend + " for " + preview(body));
            assertTrue(retract < 500, retract + " for " + preview(body));
        }
        for (String header : List.of("\"1", "\"\"", "W/", "\"99999999999999\"", "-1", "\u00e9")) {
            int status = given().auth().oauth2(token).contentType("application/json").header("If-Match", header)
                    .body(SampleReports.minimal().toString()).when().put("/api/v1/reports/" + id).statusCode();
            assertTrue(status == 412 || status == 400, status + " for If-Match " + header);
        }
    }

    @Test
    void hostilePagingParametersAreBadRequestsNever5xx() {
        String token = Tokens.of(stack, "tampa.reporter");
        String[][] cases = { { "5000000", "500" }, { "2147483647", "2" }, { "4294967296", "1" },
                { "-1", "10" }, { "0", "0" }, { "0", "501" }, { "0", "-2147483648" }, { "1e3", "10" }, { "abc", "1" },
                { "0", "99999999999999999999" }, { "", "" }, { "0x10", "1" } };
        List<String> failures = new ArrayList<>();
        for (String[] params : cases) {
            // REST Assured sends empty values as ?page&size, which the service reads as absent (the defaults) and
            // the OpenAPI validator as present but empty: that one request is not checked against the document
            boolean empty = params[0].isEmpty();
            Response response = (empty ? given().noFilters() : given()).auth().oauth2(token)
                    .queryParam("page", params[0]).queryParam("size", params[1]).when().get("/api/v1/reports");
            int status = response.statusCode();
            if (!(empty && status == 200) && (status >= 500 || status == 200
                    || !response.contentType().startsWith("application/problem+json"))) {
                failures.add(status + " for page=" + params[0] + "&size=" + params[1]);
            }
        }
        for (String cursor : new String[] { " ", "=", "r1", "cjEuMC4w", "\u0000", "../../etc/passwd",
                "cjEuOTIyMzM3MjAzNjg1NDc3NTgwOC4wMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA" }) {
            Response response = given().auth().oauth2(token).queryParam("cursor", cursor)
                    .when().get("/api/v1/reports");
            int status = response.statusCode();
            if (status != 400 || !response.contentType().startsWith("application/problem+json")) {
                failures.add(status + " for cursor=" + cursor);
            }
        }
        assertEquals(List.of(), failures);
    }

    /** An invalid variant of a valid report, marked so the test can find any that was stored. */
    private static ObjectNode base() {
        ObjectNode report = SampleReports.overdose();
        report.put("externalRef", SampleReports.uniqueRef(REF));
        return report;
    }

    static List<byte[]> hostileBodies() {
        Random random = new Random(4);
        List<byte[]> bodies = new ArrayList<>();
        // truncated JSON at many places
        String valid = base().toString();
        for (int cut = 1; cut < valid.length() - 1; cut += Math.max(1, valid.length() / 60)) {
            bodies.add(utf8(valid.substring(0, cut)));
        }
        // every field of the report replaced by each wrong kind of value
        List<JsonNode> wrong = List.of(JsonNodeFactory.instance.numberNode(12345678901234567890.0),
                JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.arrayNode().add(1),
                JsonNodeFactory.instance.objectNode().put("x", 1), JsonNodeFactory.instance.textNode("\u0000"),
                JsonNodeFactory.instance.textNode("x".repeat(70_000)),
                JsonNodeFactory.instance.numberNode(-1));
        List<String> paths = List.of("externalRef", "type", "occurredAt", "jurisdiction", "location", "headline",
                "entities", "overdose", "severity", "marking");
        for (String field : paths) {
            for (JsonNode value : wrong) {
                if (value.isObject() && (field.equals("entities") || field.equals("marking"))) {
                    continue; // {"x": 1} is a valid empty entities or default marking: unknown fields are ignored
                }
                ObjectNode report = base();
                report.set(field, value);
                bodies.add(utf8(report.toString()));
            }
        }
        // nested values wrong
        String[][] nested = {{"location", "lat"}, {"overdose", "fatal"}, {"marking", "tlp"}, {"marking", "recipients"}};
        for (String[] path : nested) {
            for (JsonNode value : wrong) {
                if ((path[1].equals("lat") && value.asInt() == -1) || (path[1].equals("fatal") && value.isBoolean())) {
                    continue; // a valid latitude, a valid outcome
                }
                ObjectNode report = base();
                ((ObjectNode) report.get(path[0])).set(path[1], value);
                bodies.add(utf8(report.toString()));
            }
        }
        for (String list : List.of("persons", "vehicles", "phones", "substances")) {
            for (JsonNode value : wrong) {
                ObjectNode report = base();
                ((ArrayNode) report.get("entities").get(list)).add(value);
                bodies.add(utf8(report.toString()));
            }
        }
        // deep nesting, as an array and as objects, and under an ignored field
        bodies.add(utf8("[".repeat(100_000)));
        bodies.add(utf8("[".repeat(5_000) + "]".repeat(5_000)));
        bodies.add(utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)));
        ObjectNode deep = base();
        deep.put("type", "NOPE");
        bodies.add(utf8(deep.toString().replaceFirst("\\{", "{\"ignored\":" + "[".repeat(3_000) + "]".repeat(3_000) + ",")));
        // control characters and broken text in each string field
        for (String field : List.of("externalRef", "headline", "narrative", "jurisdiction")) {
            // written as JSON escapes: a Java string cannot carry a lone surrogate into UTF-8
            for (String bad : List.of("\\u0000", "\\u001b[31m", "\\ud83d", "\\udc00x", "\\u0007", "\\ud800\\ud800")) {
                ObjectNode report = base();
                report.put(field, "a@@b");
                bodies.add(utf8(report.toString().replace("a@@b", "a" + bad + "b")));
            }
        }
        // numbers the database could not hold
        for (String number : List.of("1e999999", "-1e999999", "1e-999999", "123456789012345678901234567890", "1E+2147483648")) {
            bodies.add(utf8(valid.replace("\"quantity\":2", "\"quantity\":" + number).replace("\"lat\":27.9506", "\"lat\":" + number)));
        }
        // broken UTF-8 and binary
        byte[] binary = new byte[512];
        for (int i = 0; i < 20; i++) {
            random.nextBytes(binary);
            bodies.add(binary.clone());
        }
        bodies.add(new byte[] {'{', '"', 'h', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'});
        byte[] validBytes = utf8(valid);
        byte[] corrupted = validBytes.clone();
        corrupted[validBytes.length / 2] = (byte) 0xFF;
        bodies.add(corrupted);
        // documents of the wrong shape, and trailing data
        for (String doc : List.of("", " ", "null", "true", "0", "\"report\"", "[]", "{}", "[null]", "[[]]", "{\"\":{}}",
                valid + valid, valid + "]", valid + " x", "{'externalRef':'A'}", "{\"externalRef\":NaN}",
                "{\"headline\":\"unterminated}", "/* comment */" + valid)) {
            bodies.add(utf8(doc));
        }
        // random mutations of the valid body
        char[] specials = {'{', '}', '[', ']', '"', ':', ',', '\\', '\u0000', 'x', '9'};
        while (bodies.size() < 360) {
            char[] chars = valid.toCharArray();
            for (int k = 0; k < 3; k++) {
                chars[random.nextInt(chars.length)] = specials[random.nextInt(specials.length)];
            }
            String mutated = new String(chars);
            if (!mutated.contains("\"type\":\"OVERDOSE\"") || !mutated.contains("\"externalRef\"")) {
                bodies.add(utf8(mutated));
            } else {
                bodies.add(utf8(mutated.replace("\"type\":\"OVERDOSE\"", "\"type\":\"OVERDOSE!\"")));
            }
        }
        return bodies;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

}
