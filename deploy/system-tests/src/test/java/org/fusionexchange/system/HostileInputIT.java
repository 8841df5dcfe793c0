package org.fusionexchange.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;

/**
 * A generated corpus of more than a thousand bad requests against the three services: none may get a 5xx or a
 * broken connection, no write among them may be accepted, and none may store anything.
 */
@ExtendWith(SystemStack.class)
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> INJECTIONS = List.of("'; DROP TABLE case_report; --", "\" OR \"1\"=\"1",
            "<script>alert(document.cookie)</script>", "${jndi:ldap://127.0.0.1:1/x}", "{{7*7}}", "../../etc/passwd",
            "%00", "\\u0000");

    /** One hostile request: which service, method, path, bearer token (or none), body bytes and content type. */
    record Attempt(String service, String method, String path, String token, byte[] body, String what) {
    }

    @Test
    void aThousandBadRequestsGetNo5xxAndStoreNothing() throws Exception {
        List<Attempt> corpus = corpus();
        assertTrue(corpus.size() >= 1000, "corpus of " + corpus.size());
        Map<String, Long> before = storedRows();

        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        for (Attempt attempt : corpus) {
            int status = send(attempt);
            statuses.merge(status, 1, Integer::sum);
            // a batch answers 200 with one result per item, all refused here: that nothing was stored is checked below
            boolean batch = attempt.path().endsWith("/batch") && status == 200;
            boolean accepted = status >= 200 && status < 300 && !attempt.method().equals("GET") && !batch;
            if (status >= 500 || status < 0 || accepted) {
                failures.add(status + " for " + attempt.method() + " " + attempt.service() + attempt.path() + " ("
                        + attempt.what() + ")");
            }
        }
        System.out.println("Hostile corpus: " + corpus.size() + " requests, statuses " + statuses);
        assertTrue(failures.isEmpty(), failures.size() + " server errors, broken connections or accepted writes, first: "
                + failures.subList(0, Math.min(10, failures.size())));
        assertEquals(before, storedRows(), "rows stored by bad requests");
    }

    @Test
    void injectionStringsAreStoredVerbatimAndNeverExecuted() throws Exception {
        String token = ScenarioIT.token("tampa.reporter");
        for (String injection : INJECTIONS) {
            ObjectNode report = report();
            report.put("headline", injection);
            report.put("narrative", injection + " " + injection);
            String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(JSON.writeValueAsString(report))
                    .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                    .then().statusCode(201).extract().path("id");
            JsonNode stored = given().auth().oauth2(token)
                    .when().get(SystemStack.url("intake-service") + "/api/v1/reports/" + id)
                    .then().statusCode(200).extract().as(JsonNode.class);
            assertEquals(injection, stored.path("headline").asText());
            assertEquals(injection + " " + injection, stored.path("narrative").asText());
        }
        assertTrue(storedRows().get("intake.case_report") > 0, "the case_report table is still there");
    }

    @Test
    void aForgedAgencyFieldIsIgnored() throws Exception {
        ObjectNode report = report();
        report.put("agency", "DEA");
        String token = ScenarioIT.token("tampa.reporter");
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(JSON.writeValueAsString(report))
                .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).when().get(SystemStack.url("intake-service") + "/api/v1/reports/" + id)
                .then().statusCode(200).body("agency", org.hamcrest.Matchers.equalTo("TAMPA-PD"));
        given().auth().oauth2(ScenarioIT.token("phoenix.reporter"))
                .when().get(SystemStack.url("intake-service") + "/api/v1/reports/" + id).then().statusCode(404);
    }

    @Test
    void expiredForeignUnsignedAndTamperedTokensAreRefusedEverywhere() throws Exception {
        KeycloakAdmin admin = new KeycloakAdmin(SystemStack.keycloak());
        admin.createShortLivedClient("hostile-cli", 1);
        String expired = SystemStack.keycloak().token(Map.of("grant_type", "password", "client_id", "hostile-cli",
                "username", "tampa.reporter", "password", "demo"));
        Thread.sleep(3_000);
        String good = ScenarioIT.token("tampa.reporter");
        String[] parts = good.split("\\.");
        String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String tamperedSignature = parts[0] + "." + parts[1] + "." + flip(parts[2]);
        JsonNode claims = Jwt.claims(good);
        ((ObjectNode) claims).put("agency", "DEA");
        String tamperedClaims = parts[0] + "." + base64(claims.toString()) + "." + parts[2];

        // a genuine token of the realm, meant for Keycloak's admin API: it lacks the audience fusion-exchange
        String otherAudience = SystemStack.keycloak().clientToken("directory-service",
                KeycloakServer.DIRECTORY_SERVICE_SECRET);
        assertTrue(!Jwt.claims(otherAudience).path("aud").toString().contains("fusion-exchange"));
        Map<String, String> bad = Map.of("expired", expired, "alg=none", unsigned, "tampered signature",
                tamperedSignature, "tampered claims", tamperedClaims, "garbage", "not-a-token",
                "another audience", otherAudience);
        for (Map.Entry<String, String> token : bad.entrySet()) {
            for (String url : List.of(SystemStack.url("intake-service") + "/api/v1/reports",
                    SystemStack.url("directory-service") + "/api/v1/agencies",
                    SystemStack.url("alert-service") + "/api/v1/alerts")) {
                int status = given().auth().oauth2(token.getValue()).when().get(url).then().extract().statusCode();
                assertEquals(401, status, token.getKey() + " token at " + url);
            }
        }
    }

    @Test
    void anAgencyTheDirectoryDoesNotKnowIsRefusedByEveryService() {
        KeycloakAdmin admin = new KeycloakAdmin(SystemStack.keycloak());
        admin.createAgencyGroupByHand("GHOST-PD");
        admin.createUser("ghost.reporter", "/agencies/GHOST-PD", "reporter");
        admin.createUser("ghost.analyst", "/agencies/GHOST-PD", "analyst");
        admin.createUser("ghost.admin", "/agencies/GHOST-PD", "admin");
        String reporter = ScenarioIT.token("ghost.reporter");
        assertEquals("GHOST-PD", Jwt.claims(reporter).path("agency").asText());
        given().auth().oauth2(reporter).contentType(ContentType.JSON)
                .body(Reports.overdose("US-FL-12103", "AMBER", List.of(), "From a group made by hand"))
                .when().post(SystemStack.url("intake-service") + "/api/v1/reports")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(reporter).when().get(SystemStack.url("intake-service") + "/api/v1/reports")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(ScenarioIT.token("ghost.analyst"))
                .when().get(SystemStack.url("alert-service") + "/api/v1/alerts")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(ScenarioIT.token("ghost.admin"))
                .when().get(SystemStack.url("directory-service") + "/api/v1/agencies")
                .then().statusCode(403).contentType("application/problem+json");
    }

    private static List<Attempt> corpus() throws Exception {
        String reporter = ScenarioIT.token("tampa.reporter");
        String admin = ScenarioIT.token("directory.admin");
        String analyst = ScenarioIT.token("hcso.analyst");
        String phoenix = ScenarioIT.token("phoenix.reporter");
        List<Attempt> corpus = new ArrayList<>();

        byte[] validReport = JSON.writeValueAsBytes(report());
        byte[] validAgency = JSON.writeValueAsBytes(agency());
        byte[] validSubscription = "{\"topics\":[\"overdose\"],\"jurisdiction\":\"US-FL\",\"minimumSeverity\":\"Severe\"}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> writes = new LinkedHashMap<>();
        writes.put("intake-service POST /api/v1/reports", validReport);
        writes.put("intake-service POST /api/v1/reports/batch", ("[" + new String(validReport, StandardCharsets.UTF_8) + "]")
                .getBytes(StandardCharsets.UTF_8));
        writes.put("directory-service POST /api/v1/agencies", validAgency);
        writes.put("alert-service POST /api/v1/subscriptions", validSubscription);

        for (Map.Entry<String, byte[]> write : writes.entrySet()) {
            String[] target = write.getKey().split(" ");
            String token = target[0].startsWith("intake") ? reporter : target[0].startsWith("directory") ? admin : analyst;
            byte[] valid = write.getValue();
            // truncated JSON: prefixes at 160 cut points
            for (int i = 1; i <= 160; i++) {
                int cut = valid.length * i / 161;
                corpus.add(new Attempt(target[0], target[1], target[2], token, java.util.Arrays.copyOf(valid, cut),
                        "truncated at " + cut));
            }
            // malformed JSON
            for (String malformed : List.of("", "{", "}", "[", "{\"a\":}", "{\"a\" 1}", "{'single':'quotes'}", "nul",
                    "undefined", "NaN", "{\"a\":1,,}", "{\"a\":1}{\"b\":2}", "\u0000", "<xml/>", "--", "{\"a\":tru}",
                    "[1,2", "\"unterminated", "{\"a\":\"\\x41\"}", "{\"a\":01}")) {
                corpus.add(new Attempt(target[0], target[1], target[2], token, malformed.getBytes(StandardCharsets.UTF_8),
                        "malformed " + malformed));
            }
            // deep nesting
            for (int depth : new int[] { 100, 1000, 5000, 20000 }) {
                corpus.add(new Attempt(target[0], target[1], target[2], token,
                        ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8), "array depth " + depth));
                corpus.add(new Attempt(target[0], target[1], target[2], token,
                        ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8),
                        "object depth " + depth));
            }
            // invalid UTF-8 and control characters
            for (byte[] bytes : List.of(new byte[] { (byte) 0xC3, (byte) 0x28 }, new byte[] { (byte) 0xFF, (byte) 0xFE },
                    new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { 0 })) {
                byte[] broken = new byte[valid.length + bytes.length];
                System.arraycopy(valid, 0, broken, 0, 20);
                System.arraycopy(bytes, 0, broken, 20, bytes.length);
                System.arraycopy(valid, 20, broken, 20 + bytes.length, valid.length - 20);
                corpus.add(new Attempt(target[0], target[1], target[2], token, broken, "invalid UTF-8 inside"));
            }
            // a body over every limit
            corpus.add(new Attempt(target[0], target[1], target[2], token,
                    ("{\"x\":\"" + "A".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8), "300 KiB body"));
            // the wrong roles
            corpus.add(new Attempt(target[0], target[1], target[2], token.equals(analyst) ? reporter : analyst, valid,
                    "wrong role"));
            corpus.add(new Attempt(target[0], target[1], target[2], null, valid, "no token"));
        }

        // wrong types, nulls, bad values and huge values, field by field
        ObjectNode report = report();
        List<String> stringFields = List.of("externalRef", "type", "occurredAt", "jurisdiction", "headline", "severity");
        for (String field : stringFields) {
            for (JsonNode wrong : List.of(JSON.readTree("{}"), JSON.readTree("[]"), JSON.readTree("[1,2]"),
                    JSON.readTree("null"), JSON.readTree("{\"$ne\":null}"))) {
                if (wrong.isNull() && field.equals("severity")) {
                    continue; // severity is optional: null is its absence, not a bad value
                }
                corpus.add(reportWith(reporter, report, field, wrong, "wrong type for " + field));
            }
        }
        for (String[] bad : new String[][] { { "type", "MURDER" }, { "type", "overdose " }, { "severity", "Apocalyptic" },
                { "occurredAt", "yesterday" }, { "occurredAt", "2026-02-30T00:00:00Z" }, { "occurredAt", "9999-01-01T00:00:00Z" },
                { "jurisdiction", "US-" }, { "jurisdiction", "XX-FL-1" }, { "jurisdiction", "us-fl" },
                { "jurisdiction", "US-FL-12057-1" }, { "jurisdiction", "../../etc" }, { "jurisdiction", "US;DROP" },
                { "externalRef", "R".repeat(65) }, { "headline", "H".repeat(201) }, { "narrative", "N".repeat(20_001) } }) {
            corpus.add(reportWith(reporter, report, bad[0], JSON.getNodeFactory().textNode(bad[1]), bad[0] + "=" + bad[1]));
        }
        for (String location : List.of("{\"lat\":91,\"lon\":0}", "{\"lat\":0,\"lon\":-181}", "{\"lat\":\"north\",\"lon\":0}",
                "{\"lat\":1e400,\"lon\":0}", "[27.9,-82.4]", "\"27.9,-82.4\"")) {
            corpus.add(reportWith(reporter, report, "location", JSON.readTree(location), "location " + location));
        }
        for (String marking : List.of("{\"tlp\":\"PURPLE\"}", "{\"tlp\":\"RED\"}", "{\"tlp\":\"RED\",\"recipients\":[]}",
                "{\"tlp\":\"RED\",\"recipients\":[\"not a code\"]}", "{\"tlp\":\"RED\",\"recipients\":\"DEA\"}",
                "{\"tlp\":\"TLP:AMBER\"}", "\"AMBER\"", "{\"tlp\":\"amber+strict\"}")) {
            corpus.add(reportWith(reporter, report, "marking", JSON.readTree(marking), "marking " + marking));
        }
        for (String entities : List.of("{\"phones\":[{\"number\":\"555-1234\"}]}", "{\"phones\":[{\"number\":\"+1\"}]}",
                "{\"substances\":[{\"name\":\"fentanyl\",\"quantity\":-1,\"unit\":\"G\",\"form\":\"POWDER\"}]}",
                "{\"substances\":[{\"name\":\"fentanyl\",\"quantity\":0,\"unit\":\"G\",\"form\":\"POWDER\"}]}",
                "{\"substances\":[{\"name\":\"fentanyl\",\"quantity\":1,\"unit\":\"TONS\",\"form\":\"POWDER\"}]}",
                "{\"substances\":[{\"name\":\"fentanyl\",\"quantity\":1,\"unit\":\"G\",\"form\":\"GAS\"}]}",
                "{\"vehicles\":[{\"make\":\"Toyota\"}]}", "{\"vehicles\":[{\"plate\":\"ABC\"}]}",
                "{\"persons\":[{\"name\":\"X\",\"dateOfBirth\":\"not a date\"}]}", "{\"persons\":\"John\"}",
                "{\"persons\":[" + "{\"name\":\"P\"},".repeat(5000) + "{\"name\":\"P\"}]}",
                "{\"phones\":[" + "{\"number\":\"+18135550123\"},".repeat(20000) + "{\"number\":\"+18135550123\"}]}")) {
            corpus.add(reportWith(reporter, report, "entities", JSON.readTree(entities), "entities"));
        }
        ObjectNode noOverdose = report.deepCopy();
        noOverdose.remove("overdose");
        corpus.add(new Attempt("intake-service", "POST", "/api/v1/reports", reporter, JSON.writeValueAsBytes(noOverdose),
                "OVERDOSE without outcome"));
        corpus.add(new Attempt("intake-service", "POST", "/api/v1/reports/batch", reporter,
                ("[" + (new String(validReport, StandardCharsets.UTF_8) + ",").repeat(1000)
                        + new String(validReport, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8),
                "batch of 1,001"));

        ObjectNode agency = agency();
        for (String[] bad : new String[][] { { "code", "lower-case" }, { "code", "-LEADING" }, { "code", "X" },
                { "code", "A".repeat(33) }, { "code", "../ETC" }, { "kind", "GALACTIC" }, { "country", "USA" },
                { "country", "" }, { "name", "" } }) {
            ObjectNode copy = agency.deepCopy();
            copy.put(bad[0], bad[1]);
            corpus.add(new Attempt("directory-service", "POST", "/api/v1/agencies", admin, JSON.writeValueAsBytes(copy),
                    bad[0] + "=" + bad[1]));
        }
        for (String jurisdictions : List.of("[]", "[\"US-\"]", "[\"U\"]", "\"US\"", "[null]", "[1]")) {
            ObjectNode copy = agency.deepCopy();
            copy.set("jurisdictions", JSON.readTree(jurisdictions));
            corpus.add(new Attempt("directory-service", "POST", "/api/v1/agencies", admin, JSON.writeValueAsBytes(copy),
                    "jurisdictions " + jurisdictions));
        }
        for (String members : List.of("[]", "[\"NO-SUCH-AGENCY\"]", "[\"lower\"]")) {
            ObjectNode copy = agency.deepCopy();
            copy.put("kind", "TASK_FORCE");
            copy.set("members", JSON.readTree(members));
            copy.set("focus", JSON.readTree("[\"OVERDOSE\"]"));
            corpus.add(new Attempt("directory-service", "POST", "/api/v1/agencies", admin, JSON.writeValueAsBytes(copy),
                    "task force members " + members));
        }

        // path traversal and hostile ids, read with the right role: nothing may fail
        for (String id : List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "..;", "%00", "'%20OR%20'1'='1",
                "00000000-0000-0000-0000-000000000000", "not-a-uuid", "%F0%9F%92%A9", "a".repeat(2000), "%uD800",
                "1;DROP%20TABLE%20alert", "%25%25", "..%5C..%5C")) {
            corpus.add(new Attempt("intake-service", "GET", "/api/v1/reports/" + id, reporter, null, "report id " + id));
            corpus.add(new Attempt("intake-service", "PUT", "/api/v1/reports/" + id, reporter, validReport, "amend " + id));
            corpus.add(new Attempt("intake-service", "POST", "/api/v1/reports/" + id + "/retraction", reporter,
                    "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8), "retract " + id));
            corpus.add(new Attempt("directory-service", "GET", "/api/v1/agencies/" + id, admin, null, "agency " + id));
            corpus.add(new Attempt("alert-service", "GET", "/api/v1/alerts/" + id, analyst, null, "alert " + id));
            corpus.add(new Attempt("alert-service", "POST", "/api/v1/alerts/" + id + "/acknowledgement", analyst, null,
                    "ack " + id));
            corpus.add(new Attempt("alert-service", "DELETE", "/api/v1/subscriptions/" + id, analyst, null, "unsubscribe " + id));
        }
        // malformed parameters
        for (String query : List.of("page=-1", "size=0", "size=501", "size=abc", "page=1e9", "since=yesterday",
                "since=2026-13-01T00:00:00Z", "status=maybe", "topic=%00", "topic=../../", "type=MURDER", "kind=GALACTIC",
                "status=ZOMBIE", "jurisdiction=%27%20OR%201=1", "q=%00", "page=99999999999999999999",
                // offsets that do not fit an int (page 5,000,000 of 500 was a 500 in intake-service)
                "page=5000000&size=500", "page=4294967&size=500", "page=2147483647&size=500",
                "page=2147483648&size=1")) {
            corpus.add(new Attempt("intake-service", "GET", "/api/v1/reports?" + query, reporter, null, query));
            corpus.add(new Attempt("directory-service", "GET", "/api/v1/agencies?" + query, admin, null, query));
            corpus.add(new Attempt("alert-service", "GET", "/api/v1/alerts?" + query, analyst, null, query));
            corpus.add(new Attempt("alert-service", "GET", "/api/v1/alerts/stream?" + query + "&probe=1", analyst, null, query));
            corpus.add(new Attempt("alert-service", "GET", "/api/v1/subscriptions?" + query, analyst, null, query));
        }
        // another agency's report
        String tampaReport = given().auth().oauth2(reporter).contentType(ContentType.JSON).body(validReport)
                .when().post(SystemStack.url("intake-service") + "/api/v1/reports").then().statusCode(201).extract().path("id");
        corpus.add(new Attempt("intake-service", "GET", "/api/v1/reports/" + tampaReport, phoenix, null, "other agency read"));
        corpus.add(new Attempt("intake-service", "PUT", "/api/v1/reports/" + tampaReport, phoenix, validReport, "other agency amend"));
        corpus.add(new Attempt("intake-service", "POST", "/api/v1/reports/" + tampaReport + "/retraction", phoenix,
                "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8), "other agency retract"));
        // amend with a forged or missing precondition
        for (String ifMatch : List.of("", "\"999\"", "*", "W/\"1\"", "\"1\", \"2\"")) {
            corpus.add(new Attempt("intake-service", "PUT", "/api/v1/reports/" + tampaReport + "#" + ifMatch, reporter,
                    "{}".getBytes(StandardCharsets.UTF_8), "empty amend, If-Match " + ifMatch));
        }
        return corpus;
    }

    private static Attempt reportWith(String token, ObjectNode report, String field, JsonNode value, String what)
            throws Exception {
        ObjectNode copy = report.deepCopy();
        copy.set(field, value);
        return new Attempt("intake-service", "POST", "/api/v1/reports", token, JSON.writeValueAsBytes(copy), what);
    }

    private static ObjectNode report() throws Exception {
        return (ObjectNode) JSON.readTree(Reports.overdose("US-FL-12103", "AMBER", List.of(), "Hostile corpus base"));
    }

    private static ObjectNode agency() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"code": "HOSTILE-PD", "name": "Hostile Test Police Department", "kind": "LOCAL", "country": "US",
                 "jurisdictions": ["US-FL-12103"], "contact": {"email": "h@example.org", "phone": "+18135550100"}}
                """);
    }

    private static int send(Attempt attempt) {
        String path = attempt.path();
        String ifMatch = null;
        int hash = path.indexOf('#');
        if (hash >= 0) {
            ifMatch = path.substring(hash + 1);
            path = path.substring(0, hash);
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SystemStack.url(attempt.service()) + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(attempt.method(), attempt.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(attempt.body()));
            if (attempt.token() != null) {
                request.header("Authorization", "Bearer " + attempt.token());
            }
            if (ifMatch != null && !ifMatch.isEmpty()) {
                request.header("If-Match", ifMatch);
            }
            if (path.contains("/stream")) {
                // only the status matters: a stream that opened is closed at once. Its own client, so that the
                // connection closed under an unread stream is never handed to the next request (java.net.http may
                // reuse it, and the next request then fails with a broken connection of the client's own making)
                HttpResponse<java.io.InputStream> response = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5)).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                response.body().close();
                return response.statusCode();
            }
            // every other answer is read whole: a body closed unread (a 200 list) breaks its pooled connection too
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IllegalArgumentException e) {
            return 400; // a URI java.net.http refuses never reaches the server
        } catch (Exception e) {
            System.out.println("Hostile request " + attempt.method() + " " + attempt.service() + path
                    + " got no answer: " + e);
            return -1;
        }
    }

    /** Rows in the tables where a bad request could leave something. */
    private static Map<String, Long> storedRows() throws Exception {
        PostgresServer pg = SystemStack.stack().postgres().orElseThrow();
        Map<String, Long> rows = new LinkedHashMap<>();
        // outboxes are left out: their relays change them on their own
        for (String[] table : new String[][] { { "intake", "case_report" }, { "intake", "report_version" },
                { "intake", "idempotency_key" }, { "directory", "agency" }, { "alert", "subscription" } }) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(table[0]), pg.username(), pg.password());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table[1])) {
                rs.next();
                rows.put(table[0] + "." + table[1], rs.getLong(1));
            }
        }
        return rows;
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String flip(String signature) {
        char first = signature.charAt(0);
        return (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }
}
