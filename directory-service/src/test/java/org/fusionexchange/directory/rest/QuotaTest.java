package org.fusionexchange.directory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusionexchange.directory.AsAdministrator;
import org.fusionexchange.directory.ContractExamples;
import org.fusionexchange.directory.Drafts;
import org.fusionexchange.directory.TopicReader;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The request quota of /api, per agency, with real Keycloak tokens: HCSO gets the quota of the contract's example
 * (5 requests a second, bursts of 10) through the agency API; everyone else has the test profile's generous default
 * (1000 a second, bursts of 2000).
 */
@QuarkusTest
class QuotaTest extends AsAdministrator {

    private static final String LIMITED = "HCSO";
    private static final String PATH = "/api/v1/agencies/" + LIMITED;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern THROTTLED = Pattern.compile(
            "(?m)^fusion_quota_throttled_total\\{agency=\"" + LIMITED + "\"[^}]*\\} ([0-9.E]+)$");

    private String limited;

    @BeforeEach
    void limitedAgency() {
        limited = Tokens.of(stack, "hcso.analyst");
        setQuota(null);
    }

    @AfterEach
    void defaultQuotaAgain() {
        setQuota(null);
    }

    @Test
    void anAgencyOverItsQuotaGets429WithRetryAfterAndTheHeadersOnEveryAnswer() {
        setQuota(exampleQuota());

        given().auth().oauth2(limited).get(PATH).then().statusCode(200)
                .header("RateLimit-Policy", "\"agency\";q=10;w=2")
                .header("RateLimit", matchesPattern("\"agency\";r=[0-9];t=[0-9]+"));
        given().auth().oauth2(limited).get("/api/v1/agencies/NO-SUCH-AGENCY").then().statusCode(404)
                .header("RateLimit-Policy", "\"agency\";q=10;w=2")
                .header("RateLimit", matchesPattern("\"agency\";r=[0-9];t=[0-9]+"));
        given().auth().oauth2(limited).get("/api/v1/agencies?size=0").then().statusCode(400)
                .header("RateLimit-Policy", "\"agency\";q=10;w=2");
        // refused by the role check, before the quota filter: counted all the same
        given().auth().oauth2(limited).contentType(ContentType.JSON).body("{}").post("/api/v1/agencies").then()
                .statusCode(403).header("RateLimit-Policy", "\"agency\";q=10;w=2")
                .header("RateLimit", matchesPattern("\"agency\";r=[0-9];t=[0-9]+"));

        Response refused = untilRefused(limited);
        refused.then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("RateLimit-Policy", "\"agency\";q=10;w=2")
                .header("RateLimit", matchesPattern("\"agency\";r=0;t=[1-9][0-9]*"))
                .body("type", equalTo("https://fusion-exchange.org/problems/too-many-requests"))
                .body("title", equalTo("Too many requests"))
                .body("status", equalTo(429))
                .body("detail", containsString("policy \"agency\""));
    }

    @Test
    void aRequestWithoutAValidTokenIsCountedByAddressAndCarriesTheHeaders() {
        given().get(PATH).then().statusCode(401).contentType("application/problem+json")
                .header("RateLimit-Policy", "\"address\";q=2000;w=2")
                .header("RateLimit", matchesPattern("\"address\";r=[0-9]+;t=[0-9]+"));
        given().auth().oauth2(Tokens.fromAnotherIssuer()).get(PATH).then().statusCode(401)
                .header("RateLimit-Policy", "\"address\";q=2000;w=2");
    }

    @Test
    void aQuotaChangedByTheAdministratorAppliesAtOnceAndNullFallsBackToTheDefault() {
        setQuota(Map.of("requestsPerSecond", 1, "burst", 2));
        untilRefused(limited);

        setQuota(Map.of("requestsPerSecond", 50, "burst", 60));
        given().auth().oauth2(limited).get(PATH).then().statusCode(200)
                .header("RateLimit-Policy", "\"agency\";q=60;w=2");

        setQuota(null);
        given().auth().oauth2(limited).get(PATH).then().statusCode(200)
                .header("RateLimit-Policy", "\"agency\";q=2000;w=2");
    }

    @Test
    void throttledRequestsAreCountedPerAgencyInTheMetrics() {
        double before = throttled();
        setQuota(Map.of("requestsPerSecond", 1, "burst", 1));
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            if (given().auth().oauth2(limited).get(PATH).statusCode() == 429) {
                refused++;
            }
        }
        assertTrue(refused >= 5, refused + " of 8 refused");
        assertEquals(before + refused, throttled(), 0.0);
    }

    @Test
    void anotherAgencyIsAnsweredAtFullSpeedWhileOneIsThrottled() throws Exception {
        String other = Tokens.of(stack, "pcso.analyst");
        List<Long> unloaded = timings(other, 20);

        setQuota(Map.of("requestsPerSecond", 1, "burst", 1));
        AtomicBoolean hammering = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService hammers = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            hammers.submit(() -> {
                while (hammering.get()) {
                    if (given().auth().oauth2(limited).get(PATH).statusCode() == 429) {
                        refused.incrementAndGet();
                    }
                }
            });
        }
        try {
            Thread.sleep(300);
            List<Long> loaded = timings(other, 40);
            assertTrue(refused.get() > 0, "the limited agency was throttled");
            long before = median(unloaded);
            long during = median(loaded);
            assertTrue(during <= Math.max(10 * before, before + 250),
                    "median " + during + " ms while another agency was throttled, " + before + " ms before");
        } finally {
            hammering.set(false);
            hammers.shutdown();
            hammers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The times in ms of n requests of the token, each answered 200 without a 429. */
    private static List<Long> timings(String token, int n) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            given().auth().oauth2(token).get("/api/v1/agencies/PCSO").then().statusCode(200)
                    .header("RateLimit-Policy", "\"agency\";q=2000;w=2");
            times.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        return times;
    }

    private static long median(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static Response untilRefused(String token) {
        for (int i = 0; i < 100; i++) {
            Response response = given().auth().oauth2(token).get(PATH);
            if (response.statusCode() == 429) {
                return response;
            }
            response.then().statusCode(200);
        }
        throw new AssertionError("never refused");
    }

    private double throttled() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = THROTTLED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The quota of the contract's example record, HCSO 5 requests a second, bursts of 10. */
    private static Map<?, ?> exampleQuota() {
        JsonNode quota = ContractExamples.example(TopicReader.TOPIC, "hcso-quota.json").path("value").path("quota");
        return JSON.convertValue(quota, Map.class);
    }

    /** Sets HCSO's quota through the agency API, as an administrator does: read, change, PUT with If-Match. */
    private void setQuota(Map<?, ?> quota) {
        Response read = given().auth().oauth2(admin).get(PATH);
        read.then().statusCode(200);
        Map<String, Object> agency = read.jsonPath().getMap("");
        agency.put("quota", quota);
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", read.header("ETag"))
                .body(Drafts.json(agency)).put(PATH).then().statusCode(200);
    }
}
