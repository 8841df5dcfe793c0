package org.fusionexchange.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.SseClient;
import org.fusionexchange.alert.service.AgencyQuota;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The request quota on /api with real Keycloak tokens and a real directory.agencies record: HCSO gets the contract's
 * example quota (5 requests/s, burst 10); every other agency has the test profile's default (1000/s, burst 2000).
 * HCSO is given back no quota of its own after each test, so that no other test meets it.
 */
@QuarkusTest
class QuotaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern RATE_LIMIT = Pattern.compile("\"agency\";r=(\\d+);t=(\\d+)");
    private static final String HCSO_POLICY = "\"agency\";q=10;w=2";

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @TestHTTPResource("/api/v1/alerts/stream")
    URI stream;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @AfterEach
    void noQuotaOfItsOwn() {
        publishHcso(null);
    }

    @Test
    void anAgencyOverItsQuotaIsAnsweredTooManyRequestsWithRetryAfterAndTheHeaders() {
        publishHcso(ContractExamples.read(ContractExamples.AGENCIES.resolve("hcso-quota.json")));
        assertEquals(new AgencyQuota(5, 10), directory.agency("HCSO").orElseThrow().quota());
        String token = Tokens.of(stack, "hcso.analyst");
        waitUntilFull(token);
        double before = throttled("HCSO");

        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 30 && answers.stream().noneMatch(r -> r.statusCode() == 429); i++) {
            answers.add(given().auth().oauth2(token).when().get("/api/v1/topics"));
        }
        Response first = answers.get(0);
        assertEquals(200, first.statusCode());
        assertEquals(HCSO_POLICY, first.header("RateLimit-Policy"));
        assertEquals(9, remaining(first), "a full bucket of 10 less this request");
        Response refused = answers.get(answers.size() - 1);
        assertEquals(429, refused.statusCode(), "no 429 in " + answers.size() + " requests at once");
        assertThat(answers.size(), greaterThanOrEqualTo(11));
        refused.then().contentType("application/problem+json")
                .body("status", equalTo(429)).body("title", equalTo("Too many requests"))
                .body("type", equalTo("https://fusion-exchange.org/problems/too-many-requests"))
                .body("detail", containsString("\"agency\""))
                .header("RateLimit-Policy", equalTo(HCSO_POLICY))
                .header("RateLimit", matchesPattern("\"agency\";r=0;t=[12]"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter, greaterThanOrEqualTo(1L));
        assertThat(retryAfter, lessThanOrEqualTo(1L));
        long throttledNow = answers.stream().filter(r -> r.statusCode() == 429).count();
        assertEquals(before + throttledNow, throttled("HCSO"), 0.0, "fusion_quota_throttled_total{agency=HCSO}");

        // a 4xx of a limited agency carries the headers too, once a token is back
        sleep(Duration.ofSeconds(retryAfter));
        given().auth().oauth2(token)
                .when().get("/api/v1/alerts/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json")
                .header("RateLimit-Policy", equalTo(HCSO_POLICY))
                .header("RateLimit", matchesPattern(RATE_LIMIT.pattern()));
        sleep(Duration.ofSeconds(1));
        given().auth().oauth2(token).queryParam("size", 0)
                .when().get("/api/v1/alerts")
                .then().statusCode(400).contentType("application/problem+json")
                .header("RateLimit-Policy", equalTo(HCSO_POLICY));
    }

    @Test
    void anAgencyWithoutAQuotaOfItsOwnHasTheDefault() {
        publishHcso(null);
        given().auth().oauth2(Tokens.of(stack, "hcso.analyst"))
                .when().get("/api/v1/topics")
                .then().statusCode(200)
                .header("RateLimit-Policy", equalTo("\"agency\";q=2000;w=2"))
                .header("RateLimit", matchesPattern(RATE_LIMIT.pattern()));
    }

    @Test
    void aRequestWithoutAValidTokenCountsAgainstItsAddress() {
        given().when().get("/api/v1/topics")
                .then().statusCode(401).contentType("application/problem+json")
                .header("RateLimit-Policy", equalTo("\"address\";q=2000;w=2"))
                .header("RateLimit", matchesPattern("\"address\";r=\\d+;t=\\d+"));
        given().auth().oauth2(Tokens.fromAnotherIssuer())
                .when().get("/api/v1/alerts")
                .then().statusCode(401)
                .header("RateLimit-Policy", equalTo("\"address\";q=2000;w=2"));
    }

    @Test
    void theConsoleAndQuarkusEndpointsNeverCount() {
        given().when().get("/console-config.json")
                .then().statusCode(200).header("RateLimit-Policy", nullValue());
        given().when().get("/q/health/ready")
                .then().header("RateLimit-Policy", nullValue());
    }

    @Test
    void aStreamCountsOnceWhenItOpens() throws Exception {
        publishHcso(ContractExamples.read(ContractExamples.AGENCIES.resolve("hcso-quota.json")));
        String token = Tokens.of(stack, "hcso.analyst");
        waitUntilFull(token);
        try (SseClient client = SseClient.open(URI.create(stream + "?topics=overdose"), token, Map.of())) {
            assertEquals(HCSO_POLICY, client.headers().firstValue("RateLimit-Policy").orElse(null));
            String rateLimit = client.headers().firstValue("RateLimit").orElseThrow();
            assertTrue(rateLimit.startsWith("\"agency\";r=9;"), rateLimit);
            long opened = System.nanoTime();
            // open for two heartbeats and more than the bucket's window (2 s): it takes nothing more. Heartbeats tick
            // for every stream together, so the first may come right after the stream opened: the window is waited
            // out as well, or the bucket may not have refilled the stream's token yet
            client.nextComment(Duration.ofSeconds(10));
            client.nextComment(Duration.ofSeconds(10));
            long left = 2_200 - Duration.ofNanos(System.nanoTime() - opened).toMillis();
            if (left > 0) {
                Thread.sleep(left);
            }
            assertEquals(9, remaining(given().auth().oauth2(token).when().get("/api/v1/topics")));
        }
    }

    @Test
    void anAgencyOverItsQuotaSlowsNoOtherAgency() throws Exception {
        publishHcso(ContractExamples.read(ContractExamples.AGENCIES.resolve("hcso-quota.json")));
        String hcso = Tokens.of(stack, "hcso.analyst");
        String other = Tokens.of(stack, "fl.analyst");
        List<Long> unloaded = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            unloaded.add(timed(other, 200));
        }

        AtomicBoolean hammering = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> hammers = new ArrayList<>();
        List<Long> loaded = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                hammers.add(threads.submit(() -> {
                    while (hammering.get()) {
                        if (given().auth().oauth2(hcso).when().get("/api/v1/topics").statusCode() == 429) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            Exchange.await("HCSO throttled", WAIT, () -> refused.get() > 20);
            for (int i = 0; i < 60; i++) {
                loaded.add(timed(other, 200));
            }
        } finally {
            hammering.set(false);
            for (Future<?> hammer : hammers) {
                hammer.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
        assertThat("HCSO was throttled meanwhile", refused.get(), greaterThanOrEqualTo(20));
        long quiet = median(unloaded);
        long busy = median(loaded);
        // no timing target on a shared 2-core machine: FL-FUSION is never refused, and not starved
        assertThat("FL-FUSION's median latency (ms) while HCSO is throttled, unloaded " + quiet, busy,
                lessThanOrEqualTo(Math.max(10 * quiet, 500L)));
    }

    /** One request of the agency's analyst, which must be answered with the status; its time in milliseconds. */
    private long timed(String token, int status) {
        long start = System.nanoTime();
        given().auth().oauth2(token).when().get("/api/v1/topics").then().statusCode(status);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Publishes HCSO's directory entry with this quota: the contract's example as it is when its version is still
     * new here, or with the next version; null, the demo entry with no quota of its own.
     */
    private void publishHcso(ObjectNode example) {
        ObjectNode message = example != null ? example
                : org.fusionexchange.alert.DemoDirectory.message("HCSO", "LOCAL", List.of("US-FL-12057"), List.of(),
                        "ACTIVE", 1);
        long version = Math.max(message.at("/value/version").asLong(),
                directory.agency("HCSO").orElseThrow().version() + 1);
        ((ObjectNode) message.get("value")).put("version", version);
        Exchange.send(stack, "directory.agencies", message);
        Exchange.await("HCSO v" + version + " in the view", WAIT,
                () -> directory.agency("HCSO").orElseThrow().version() == version);
    }

    /** Waits until HCSO's bucket is full again (the t of its RateLimit), after a request that shows it. */
    private void waitUntilFull(String token) {
        Response probe = given().auth().oauth2(token).when().get("/api/v1/topics");
        Matcher m = RATE_LIMIT.matcher(probe.header("RateLimit"));
        assertTrue(m.matches(), probe.header("RateLimit"));
        sleep(Duration.ofSeconds(Long.parseLong(m.group(2)) + 1));
    }

    private static int remaining(Response response) {
        Matcher m = RATE_LIMIT.matcher(String.valueOf(response.header("RateLimit")));
        assertTrue(m.matches(), "RateLimit: " + response.header("RateLimit"));
        return Integer.parseInt(m.group(1));
    }

    /** fusion_quota_throttled_total of the agency in /q/metrics, 0 before the first. */
    private static double throttled(String agency) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^fusion_quota_throttled_total\\{[^}]*agency=\"" + Pattern.quote(agency)
                + "\"[^}]*} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
