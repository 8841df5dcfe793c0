package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.repository.AlertBodies;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The alert list: cursor pages that cost O(size), a total from the recipient's counter, refused cursors, and one
 * report's history.
 */
@QuarkusTest
class AlertListTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

    @Inject
    ObjectMapper json;

    @Inject
    AlertBodies heldBodies;

    @Inject
    Pool lists;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void followingNextWalksEveryAlertOnceNewestFirstAndTheTotalIsTheRecipientsCount() {
        routedReports(3);
        String token = Tokens.of(stack, "hcso.analyst");
        long stored = QuarkusTransaction.requiringNew().call(() -> alerts.count("recipient", "HCSO"));

        List<Long> walked = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(token).queryParam("size", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/alerts").then().statusCode(200)
                    .body("page", nullValue()).body("size", equalTo(2))
                    // unfiltered: the total comes from the recipient's counter, and matches a count of its rows
                    .body("total", equalTo((int) stored))
                    .extract().jsonPath();
            page.getList("items.seq", Long.class).forEach(walked::add);
            cursor = page.getString("next");
        } while (cursor != null);

        List<Long> expected = new ArrayList<>();
        for (long seq = stored; seq >= 1; seq--) {
            expected.add(seq);
        }
        assertEquals(expected, walked, "HCSO's alerts numbered " + stored + " down to 1, each once");

        // past the oldest alert: an empty page, whose total still comes from the counter (no row carries it)
        given().auth().oauth2(token).queryParam("cursor", Cursor.of(1L)).when().get("/api/v1/alerts").then()
                .statusCode(200).body("items", hasSize(0)).body("next", nullValue())
                .body("total", equalTo((int) stored));
    }

    @Test
    void aFilteredCursorPageGivesNoTotalAndKeepsItsFilter() {
        Instant since = Instant.now();
        routedReports(3);
        String token = Tokens.of(stack, "dea.analyst");
        JsonPath first = given().auth().oauth2(token).queryParam("since", since.toString()).queryParam("size", 2)
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("items", hasSize(2)).body("total", nullValue()).body("next", notNullValue())
                .extract().jsonPath();
        given().auth().oauth2(token).queryParam("since", since.toString()).queryParam("size", 2)
                .queryParam("cursor", first.getString("next"))
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("items", hasSize(1)).body("next", nullValue())
                .body("items[0].seq", equalTo(first.getInt("items[1].seq") - 1));
    }

    @Test
    void numberedPagesStillWorkAndCountTheMatches() {
        Instant since = Instant.now();
        routedReports(3);
        given().auth().oauth2(Tokens.of(stack, "fl.analyst")).queryParam("since", since.toString())
                .queryParam("page", 1).queryParam("size", 2)
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("page", equalTo(1)).body("total", equalTo(3)).body("items", hasSize(1))
                .body("next", nullValue());
    }

    @Test
    void anotherAgencysCursorShowsOnlyTheCallersOwnAlerts() {
        routedReports(2);
        String deaCursor = given().auth().oauth2(Tokens.of(stack, "dea.analyst")).queryParam("size", 1)
                .when().get("/api/v1/alerts").then().statusCode(200).extract().path("next");
        assertThat(deaCursor, notNullValue());
        given().auth().oauth2(Tokens.of(stack, "hcso.analyst")).queryParam("cursor", deaCursor)
                .queryParam("size", 500)
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("items.recipient", everyItem(equalTo("HCSO")));
    }

    @Test
    void aCursorThisServiceDidNotWriteIsABadRequestNamingIt() {
        String token = Tokens.of(stack, "hcso.analyst");
        for (String cursor : new String[] { " ", "x", "%%%", encoded("a1.0"), encoded("a1.-5"), encoded("a1.abc"),
                encoded("r1.5"), encoded("a1.99999999999999999999"), "A".repeat(100) }) {
            given().auth().oauth2(token).queryParam("cursor", cursor).when().get("/api/v1/alerts")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", equalTo(List.of("cursor")));
        }
        given().auth().oauth2(token).queryParam("cursor", encoded("a1.5")).queryParam("page", 0)
                .when().get("/api/v1/alerts").then().statusCode(400)
                .body("errors.pointer", equalTo(List.of("cursor")));
    }

    @Test
    void reportIdListsThatReportsAlertsOfEveryMessageTypeForTheCallersAgencyOnly() {
        UUID reportId = UUID.randomUUID();
        UUID red = UUID.randomUUID();
        Exchange.send(stack, "case-reports",
                Exchange.report("overdose-tampa-submitted.json", reportId),
                Exchange.report("overdose-tampa-amended.json", reportId),
                Exchange.report("overdose-tampa-retracted.json", reportId),
                Exchange.report("trafficking-tampa-red-dea.json", red));
        UUID other = Exchange.routedOverdose(stack, alerts, WAIT);
        Exchange.await("the alerts of " + reportId + " and " + red, WAIT, () -> QuarkusTransaction.requiringNew()
                .call(() -> alerts.count("reportId", reportId) == 12 && alerts.count("reportId", red) == 1));
        String hcso = Tokens.of(stack, "hcso.analyst");

        JsonPath first = given().auth().oauth2(hcso).queryParam("reportId", reportId.toString())
                .queryParam("size", 2)
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("items.msgType", equalTo(List.of("Cancel", "Update")))
                .body("total", nullValue()).body("next", notNullValue())
                .extract().jsonPath();
        given().auth().oauth2(hcso).queryParam("reportId", reportId.toString()).queryParam("size", 2)
                .queryParam("cursor", first.getString("next"))
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("items.msgType", equalTo(List.of("Alert"))).body("next", nullValue());
        given().auth().oauth2(hcso).queryParam("reportId", reportId.toString())
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("items.reportId", equalTo(List.of(reportId.toString(), reportId.toString(),
                        reportId.toString())))
                .body("items.recipient", everyItem(equalTo("HCSO")))
                .body("items.reportVersion", equalTo(List.of(3, 2, 1)));
        // a report the caller holds nothing of: DEA's RED report, and an id no report has
        given().auth().oauth2(hcso).queryParam("reportId", red.toString())
                .when().get("/api/v1/alerts").then().statusCode(200).body("items", empty());
        given().auth().oauth2(hcso).queryParam("reportId", UUID.randomUUID().toString())
                .when().get("/api/v1/alerts").then().statusCode(200).body("items", empty());
        given().auth().oauth2(Tokens.of(stack, "dea.analyst")).queryParam("reportId", red.toString())
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("items.reportId", equalTo(List.of(red.toString())))
                .body("items.recipient", equalTo(List.of("DEA")));
        // the other report's alert is not in this one's history, and combines with the other filters
        given().auth().oauth2(hcso).queryParam("reportId", other.toString()).queryParam("status", "new")
                .queryParam("topic", "overdose")
                .when().get("/api/v1/alerts").then().statusCode(200)
                .body("items.reportId", equalTo(List.of(other.toString())));
    }

    @Test
    void aListedAlertIsTheAlertItselfWithItsAcknowledgementWhetherWrittenThroughOrReadFromItsColumns()
            throws Exception {
        UUID reportId = Exchange.routedOverdose(stack, alerts, WAIT);
        routedReports(1);
        String token = Tokens.of(stack, "hcso.analyst");
        List<Map<String, Object>> listed = given().auth().oauth2(token).queryParam("size", 4)
                .when().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath().getList("items");
        String acknowledged = listed.stream().filter(a -> reportId.toString().equals(a.get("reportId")))
                .map(a -> (String) a.get("id")).findFirst().orElseThrow();
        given().auth().oauth2(token).when().post("/api/v1/alerts/{id}/acknowledgement", acknowledged)
                .then().statusCode(200).body("acknowledgement.by", notNullValue());

        // each item as GET /alerts/{id} answers it: the published body, with the acknowledgement added as its member
        List<Map<String, Object>> bodies = given().auth().oauth2(token).queryParam("size", 4)
                .when().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(listed.stream().map(a -> a.get("id")).toList(), bodies.stream().map(a -> a.get("id")).toList());
        for (Map<String, Object> item : bodies) {
            assertEquals(one(token, (String) item.get("id")), item);
            assertEquals(item.get("id").equals(acknowledged), item.containsKey("acknowledgement"), "acknowledged "
                    + acknowledged + ", listed " + item);
        }

        // the page is written in one piece (AlertPageWriter), not by Jackson: still the JSON Jackson writes for it,
        // compact, in UTF-8, of a known length, for a cursor page with its total and for a numbered page
        for (String pageNumber : new String[] { null, "0" }) {
            var request = given().auth().oauth2(token).queryParam("size", 4);
            if (pageNumber != null) {
                request.queryParam("page", pageNumber);
            }
            var response = request.when().get("/api/v1/alerts").then().statusCode(200)
                    .contentType("application/json").extract();
            byte[] bytes = response.asByteArray();
            String page = new String(bytes, StandardCharsets.UTF_8);
            assertEquals(new String(json.writeValueAsBytes(json.readTree(page)), StandardCharsets.UTF_8), page);
            assertEquals(bytes.length, Integer.parseInt(response.header("Content-Length")), page);
            assertEquals(bodies, JsonPath.from(page).getList("items"));
        }

        // alerts projected before the bodies were kept: read from their columns, in their place on the page, the same
        List<UUID> older = List.of(UUID.fromString(acknowledged), UUID.fromString((String) bodies.get(2).get("id")));
        QuarkusTransaction.requiringNew().run(() -> alerts.getEntityManager()
                .createNativeQuery("update alert set body = null where id in (?1, ?2)")
                .setParameter(1, older.get(0)).setParameter(2, older.get(1)).executeUpdate());
        heldBodies.forget(older); // the pages above left their bodies held: as if never read
        given().auth().oauth2(token).queryParam("size", 4)
                .when().get("/api/v1/alerts").then().statusCode(200).body("items", equalTo(bodies));
    }

    @Test
    void aPageTakesTheBodiesItHoldsFromMemoryAndReadsTheOthersOnceFromTheDatabase() throws Exception {
        // one report's alerts are a page of their own, which later routing (a county's spike) does not change
        UUID heldReport = Exchange.routedOverdose(stack, alerts, WAIT);
        UUID readReport = Exchange.routedOverdose(stack, alerts, WAIT);
        String token = Tokens.of(stack, "hcso.analyst");
        Map<String, Object> held = onlyAlertOf(token, heldReport);
        Map<String, Object> read = onlyAlertOf(token, readReport);
        // both bodies are held now; a body is never rewritten, so to tell where one came from, write both behind the
        // service's back (and back again after: they are HCSO's alerts, which the other tests list), and let go of one
        List<UUID> ids = List.of(UUID.fromString((String) held.get("id")), UUID.fromString((String) read.get("id")));
        Map<UUID, String> stored = new HashMap<>();
        for (UUID id : ids) {
            stored.put(id, (String) QuarkusTransaction.requiringNew().call(() -> alerts.getEntityManager()
                    .createNativeQuery("select body from alert where id = ?1").setParameter(1, id)
                    .getSingleResult()));
        }
        try {
            for (UUID id : ids) {
                rewriteBody(id, "{\"id\":\"" + id + "\",\"written\":\"behind\"}");
            }
            heldBodies.forget(List.of(ids.get(1)));
            double hits = lookups("hit");
            double misses = lookups("miss");
            assertEquals(held, onlyAlertOf(token, heldReport), "held: the body as first read");
            Map<String, Object> behind = Map.of("id", read.get("id"), "written", "behind");
            assertEquals(behind, onlyAlertOf(token, readReport), "not held: read from the database");
            assertEquals(hits + 1, lookups("hit"));
            assertEquals(misses + 1, lookups("miss"));
            assertEquals(behind, onlyAlertOf(token, readReport), "and held from then on");
            assertEquals(hits + 2, lookups("hit"));
            assertEquals(misses + 1, lookups("miss"));
        } finally {
            stored.forEach(this::rewriteBody);
            heldBodies.forget(ids);
        }
    }

    private void rewriteBody(UUID id, String body) {
        QuarkusTransaction.requiringNew().run(() -> alerts.getEntityManager()
                .createNativeQuery("update alert set body = ?1 where id = ?2").setParameter(1, body)
                .setParameter(2, id).executeUpdate());
    }

    @Test
    void theListsSessionsPlanEachStatementOnce() {
        // PostgreSQL would plan a page again on every execution (its offset and size are parameters): every
        // connection of the list's pool is opened planning each statement once. Eight at a time, so that several
        // connections answer, not the first one again
        List<Row> sessions = Uni.join().all(IntStream
                .range(0, 8).mapToObj(i -> lists.query("select pg_backend_pid(), current_setting('plan_cache_mode'),"
                        + " pg_sleep(0.2)").execute().map(rows -> rows.iterator().next())).toList())
                .andFailFast().await().atMost(WAIT);
        assertThat(sessions.stream().map(r -> r.getString(1)).toList(), everyItem(equalTo("force_generic_plan")));
        assertThat("connections", sessions.stream().map(r -> r.getInteger(0)).distinct().count() > 1);
    }

    /** The one alert the agency holds of the report (its Alert). */
    private static Map<String, Object> onlyAlertOf(String token, UUID reportId) {
        List<Map<String, Object>> items = given().auth().oauth2(token).queryParam("reportId", reportId.toString())
                .when().get("/api/v1/alerts").then().statusCode(200).body("items", hasSize(1)).extract()
                .jsonPath().getList("items");
        return items.get(0);
    }

    private static double lookups(String result) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("alert_list_body_cache_lookups_total{")
                && l.contains("result=\"" + result + "\"")).mapToDouble(l -> Double.parseDouble(
                        l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static Map<String, Object> one(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/v1/alerts/{id}", id).then().statusCode(200)
                .extract().jsonPath().getMap("$");
    }

    @Test
    void aMalformedReportIdIsABadRequestNamingIt() {
        String token = Tokens.of(stack, "hcso.analyst");
        for (String reportId : new String[] { "x", "12345", "1-1-1-1-1", "not-a-uuid-at-all", "' or 1=1 --",
                "7d3c1a52-5b8e-4f3a-9c2d-1e0f4a6b8c91-0" }) {
            given().auth().oauth2(token).queryParam("reportId", reportId).when().get("/api/v1/alerts")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", equalTo(List.of("reportId")));
        }
    }

    /** Routes n reports, each to HCSO, FL-FUSION, DEA and TAMPA-BAY-TF, and waits for their alerts. */
    private void routedReports(int n) {
        for (int i = 0; i < n; i++) {
            Exchange.routedOverdose(stack, alerts, WAIT);
        }
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
