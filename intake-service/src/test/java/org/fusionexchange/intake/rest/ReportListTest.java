package org.fusionexchange.intake.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
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
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.intake.service.CaseReportService.ReportSummary;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** The report list: cursor pages that cost O(size), the older numbered pages, and the cursors it refuses. */
@QuarkusTest
class ReportListTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    ObjectMapper json;

    @Inject
    Pool lists;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void followingNextWalksTheWholeListNewestFirstWithoutGapOrRepeat() {
        String token = Tokens.of(stack, "phoenix.reporter");
        Instant since = Instant.now();
        List<String> submitted = submit(token, 7);

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(token).queryParam("since", since.toString()).queryParam("size", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/reports").then().statusCode(200)
                    // a cursor page counts nothing: no total, no page number
                    .body("total", nullValue()).body("page", nullValue()).body("size", equalTo(3))
                    .extract().jsonPath();
            walked.addAll(page.getList("items.id"));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);

        assertEquals(3, pages, "7 reports in pages of 3: 3, 3 and 1, the last without next");
        assertEquals(newestFirst(submitted), walked, "every report once, newest first");
    }

    @Test
    void aReportSubmittedWhilePagingNeitherRepeatsNorHidesOneOnTheNextPage() {
        String token = Tokens.of(stack, "phoenix.reporter");
        Instant since = Instant.now();
        List<String> submitted = submit(token, 4);
        JsonPath first = page(token, since, null, 2);
        submit(token, 1); // a numbered page 1 would now start one report earlier and show one again
        JsonPath second = page(token, since, first.getString("next"), 2);

        List<String> walked = new ArrayList<>(first.getList("items.id"));
        walked.addAll(second.getList("items.id"));
        assertEquals(newestFirst(submitted), walked);
        assertThat(second.getString("next"), nullValue());
    }

    @Test
    void aCursorKeepsTheFiltersOfTheRequestItIsSentWith() {
        String token = Tokens.of(stack, "phoenix.reporter");
        Instant since = Instant.now();
        for (int i = 0; i < 5; i++) {
            ObjectNode report = i % 2 == 0 ? SampleReports.overdose() : SampleReports.drugSeizure();
            report.put("jurisdiction", "US-AZ-04013");
            given().auth().oauth2(token).contentType("application/json").body(report.toString())
                    .when().post("/api/v1/reports").then().statusCode(201);
        }
        String next = given().auth().oauth2(token).queryParam("since", since.toString())
                .queryParam("type", "OVERDOSE").queryParam("size", 2)
                .when().get("/api/v1/reports").then().statusCode(200)
                .body("items", hasSize(2)).body("items.type", everyItem(equalTo("OVERDOSE")))
                .extract().path("next");
        given().auth().oauth2(token).queryParam("since", since.toString()).queryParam("type", "OVERDOSE")
                .queryParam("size", 2).queryParam("cursor", next)
                .when().get("/api/v1/reports").then().statusCode(200)
                .body("items", hasSize(1)).body("items.type", everyItem(equalTo("OVERDOSE")))
                .body("next", nullValue());
    }

    @Test
    void anotherAgencysCursorShowsOnlyTheCallersOwnReports() {
        String phoenix = Tokens.of(stack, "phoenix.reporter");
        String tampa = Tokens.of(stack, "tampa.reporter");
        Instant since = Instant.now();
        submit(phoenix, 3);
        String phoenixCursor = page(phoenix, since, null, 1).getString("next");
        given().auth().oauth2(tampa).queryParam("since", since.toString()).queryParam("cursor", phoenixCursor)
                .when().get("/api/v1/reports").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void numberedPagesStillWorkAndCountTheTotal() {
        String token = Tokens.of(stack, "phoenix.reporter");
        Instant since = Instant.now();
        List<String> submitted = submit(token, 5);
        given().auth().oauth2(token).queryParam("since", since.toString()).queryParam("page", 1)
                .queryParam("size", 2)
                .when().get("/api/v1/reports").then().statusCode(200)
                .header("Cache-Control", "no-store") // reports are kept by no browser or proxy
                .body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo(5))
                .body("items.id", equalTo(List.of(submitted.get(2), submitted.get(1))))
                .body("next", notNullValue());
    }

    @Test
    void aPageIsTheJsonJacksonWritesForItWhateverItsMembers() throws Exception {
        // the page is written member by member (ReportPageWriter), not by Jackson's data binding: the bytes must
        // still be the application's ObjectMapper's, for a numbered page with a total and for a cursor page
        String token = Tokens.of(stack, "phoenix.reporter");
        Instant since = Instant.now();
        String oddRef = "PPD \"Übergabe\" 東京 \\ 🚨 " + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode odd = SampleReports.overdose();
        odd.put("jurisdiction", "US-AZ-04013").put("externalRef", oddRef);
        given().auth().oauth2(token).contentType("application/json").body(odd.toString())
                .when().post("/api/v1/reports").then().statusCode(201);
        submit(token, 2);
        for (String pageNumber : new String[] { "0", null }) {
            var request = given().auth().oauth2(token).queryParam("since", since.toString()).queryParam("size", 3);
            if (pageNumber != null) {
                request.queryParam("page", pageNumber);
            }
            var response = request.when().get("/api/v1/reports").then().statusCode(200)
                    .contentType("application/json").extract();
            byte[] bytes = response.asByteArray();
            String body = new String(bytes, StandardCharsets.UTF_8);
            Page<ReportSummary> page = json.readValue(body, new TypeReference<Page<ReportSummary>>() {
            });
            assertEquals(3, page.items().size(), body);
            assertEquals(new String(json.writeValueAsBytes(page), StandardCharsets.UTF_8), body);
            assertEquals(bytes.length, Integer.parseInt(response.header("Content-Length")),
                    "one body of known length, not chunks");
            assertEquals(oddRef, page.items().get(2).externalRef(), "the oldest of the three, in UTF-8");
        }
    }

    @Test
    void theListsSessionsPlanEachStatementOnce() {
        // PostgreSQL would plan a page again on every execution (its offset and size are parameters): every
        // connection of the list's pool is opened planning each statement once. Eight at a time, so that several
        // connections answer, not the first one again
        List<Row> sessions = Uni.join().all(IntStream
                .range(0, 8).mapToObj(i -> lists.query("select pg_backend_pid(), current_setting('plan_cache_mode'),"
                        + " pg_sleep(0.2)").execute().map(rows -> rows.iterator().next())).toList())
                .andFailFast().await().atMost(Duration.ofSeconds(30));
        assertThat(sessions.stream().map(r -> r.getString(1)).toList(), everyItem(equalTo("force_generic_plan")));
        assertThat("connections", sessions.stream().map(r -> r.getInteger(0)).distinct().count() > 1);
    }

    @Test
    void aCursorThisServiceDidNotWriteIsABadRequestNamingIt() {
        String token = Tokens.of(stack, "phoenix.reporter");
        String[] cursors = { "x", "%%%", encoded("r1.12.not-a-uuid"), encoded("a1.5"),
                encoded("r1.-1." + UUID.randomUUID()), encoded("r1.999999999999999999." + UUID.randomUUID()),
                encoded("r1." + UUID.randomUUID()), "A".repeat(200) };
        for (String cursor : cursors) {
            given().auth().oauth2(token).queryParam("cursor", cursor).when().get("/api/v1/reports")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("cursor"));
        }
        String next = page(token, null, null, 1).getString("next");
        assertThat(next, notNullValue());
        given().auth().oauth2(token).queryParam("cursor", next).queryParam("page", 0)
                .when().get("/api/v1/reports").then().statusCode(400)
                .body("errors[0].pointer", equalTo("cursor"));
    }

    @Test
    void aSinceInstantReadButBeyondFourDigitYearsIsABadRequestNamingIt() {
        String token = Tokens.of(stack, "phoenix.reporter");
        // Instant reads these; the last is past PostgreSQL's timestamps, whose error was a 500
        for (String since : new String[] { "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "+294277-01-02T00:00:00Z" }) {
            given().auth().oauth2(token).queryParam("since", since).when().get("/api/v1/reports")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("since"));
        }
        given().auth().oauth2(token).queryParam("since", "0000-01-01T00:00:00Z").when().get("/api/v1/reports")
                .then().statusCode(200);
    }

    private static JsonPath page(String token, Instant since, String cursor, int size) {
        var request = given().auth().oauth2(token).queryParam("size", size);
        if (since != null) {
            request.queryParam("since", since.toString());
        }
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.when().get("/api/v1/reports").then().statusCode(200).extract().jsonPath();
    }

    /** Submits n reports one after the other; their ids in the order received. */
    private static List<String> submit(String token, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode report = SampleReports.overdose();
            report.put("jurisdiction", "US-AZ-04013");
            ids.add(given().auth().oauth2(token).contentType("application/json").body(report.toString())
                    .when().post("/api/v1/reports").then().statusCode(201).extract().path("id"));
        }
        return ids;
    }

    private static List<String> newestFirst(List<String> ids) {
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        return reversed;
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
