package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The alert list: cursor pages that cost O(size), a total from the recipient's counter, and refused cursors. */
@QuarkusTest
class AlertListTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @Inject
    AlertRepository alerts;

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
                .body("items.recipient", org.hamcrest.Matchers.everyItem(equalTo("HCSO")));
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
