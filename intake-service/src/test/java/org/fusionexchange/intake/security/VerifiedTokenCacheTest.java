package org.fusionexchange.intake.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusionexchange.intake.DirectoryTopic;
import org.fusionexchange.intake.ReportListStatus;
import org.fusionexchange.intake.Metrics;
import org.fusionexchange.intake.RealmAdmin;
import org.fusionexchange.intake.SampleReports;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A bearer token verified once is served from the cache while it is valid, and only then: never past its exp, never
 * when forged or tampered with, and never past a suspension of its agency. Real Keycloak tokens throughout.
 */
@QuarkusTest
class VerifiedTokenCacheTest {

    private static final String LOOKUPS = "intake_token_cache_lookups_total";
    private static final String AHEAD = "intake_token_cache_ahead_total";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @InjectFusionStack
    FusionStack stack;

    @BeforeEach
    void demoDirectory() {
        DirectoryTopic.demoAgencies(stack);
    }

    @Test
    void theSameTokenAgainIsServedFromTheCacheWithItsClaimsAndRoles() {
        String token = Tokens.of(stack, "tampa.reporter");
        Lookups before = Lookups.now();
        String id = SampleReports.submit(token, SampleReports.minimal());
        assertEquals(before.plus(0, 1), Lookups.now(), "the first sight of a token is verified by quarkus-oidc");

        // the cached identity still carries the agency claim (the report is found as TAMPA-PD's) and the role
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id)
                .then().statusCode(200).body("agency", equalTo("TAMPA-PD"));
        assertEquals(before.plus(1, 1), Lookups.now(), "the second request is served from the cache");
        given().auth().oauth2(token).when().get("/api/v1/reports/" + id).then().statusCode(200);
        assertEquals(before.plus(2, 1), Lookups.now());
        assertTrue(Metrics.value("intake_token_cache_size", "") >= 1, "the cache holds the token");

        // another agency's token is another entry, with its own agency: TAMPA-PD's report is not PHOENIX-PD's
        String phoenix = Tokens.of(stack, "phoenix.reporter");
        given().auth().oauth2(phoenix).when().get("/api/v1/reports/" + id).then().statusCode(404);
        given().auth().oauth2(phoenix).when().get("/api/v1/reports/" + id).then().statusCode(404);
        assertEquals(before.plus(3, 2), Lookups.now());
    }

    @Test
    void anExpiredTokenIsRefusedThoughItWasCachedWhileValid() throws Exception {
        String token = RealmAdmin.shortLivedToken(stack, "tampa.reporter", 5);
        long exp = Tokens.claims(token).path("exp").asLong();
        Lookups before = Lookups.now();
        given().auth().oauth2(token).when().get("/api/v1/reports").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/reports").then().statusCode(200);
        assertEquals(before.plus(1, 1), Lookups.now(), "served from the cache while valid");

        Thread.sleep(Math.max(0, exp * 1000 - System.currentTimeMillis()) + 1_100);
        given().auth().oauth2(token).when().get("/api/v1/reports")
                .then().statusCode(401).contentType("application/problem+json");
        assertEquals(before.plus(1, 2), Lookups.now(), "past its exp the token went back to quarkus-oidc");
        given().auth().oauth2(token).when().get("/api/v1/reports").then().statusCode(401);
        assertEquals(before.plus(1, 3), Lookups.now(), "a refused token is not cached");
    }

    @Test
    void aTamperedTokenIsRefusedWhileTheGenuineOneIsCached() throws Exception {
        String genuine = Tokens.of(stack, "tampa.reporter");
        given().auth().oauth2(genuine).when().get("/api/v1/reports").then().statusCode(200);
        given().auth().oauth2(genuine).when().get("/api/v1/reports").then().statusCode(200);
        String[] parts = genuine.split("\\.");
        ObjectNode claims = (ObjectNode) Tokens.claims(genuine);
        claims.put("agency", "DEA");
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("tampered signature", parts[0] + "." + parts[1] + "." + flipped(parts[2]));
        forged.put("tampered claims", parts[0] + "." + base64url(claims.toString()) + "." + parts[2]);
        forged.put("alg=none", base64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        forged.put("another issuer", Tokens.fromAnotherIssuer());
        forged.put("genuine with a suffix", genuine + "A");

        Lookups before = Lookups.now();
        for (Map.Entry<String, String> token : forged.entrySet()) {
            for (int attempt = 0; attempt < 2; attempt++) {
                given().auth().oauth2(token.getValue()).when().get("/api/v1/reports")
                        .then().statusCode(401).contentType("application/problem+json");
            }
        }
        assertEquals(before.plus(0, 2 * forged.size()), Lookups.now(),
                "every forged token was verified each time, none served from the cache");
        given().auth().oauth2(genuine).when().get("/api/v1/reports").then().statusCode(200);
    }

    @Test
    void aSuspendedAgencyIsRefusedOnTheNextRequestWithACachedToken() throws Exception {
        String token = Tokens.of(stack, "phoenix.reporter");
        given().auth().oauth2(token).when().get("/api/v1/reports").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/reports").then().statusCode(200);
        long version = System.currentTimeMillis();
        try {
            Lookups before = Lookups.now();
            DirectoryTopic.publish(stack, DirectoryTopic.snapshot("PHOENIX-PD", "SUSPENDED", version));
            ReportListStatus.await(token, 403, ReportListStatus.SUSPENSION_DEADLINE);
            given().auth().oauth2(token).when().get("/api/v1/reports")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", equalTo("Agency PHOENIX-PD is suspended."));
            Lookups after = Lookups.now();
            assertEquals(before.misses(), after.misses(), "the refusals came with the token served from the cache");
            assertTrue(after.hits() > before.hits());
            assertEquals(after.hits() - before.hits(), after.ahead() - before.ahead(),
                    "each served ahead of quarkus-oidc's mechanism");
        } finally {
            DirectoryTopic.publish(stack, DirectoryTopic.snapshot("PHOENIX-PD", "ACTIVE", version + 1));
        }
        ReportListStatus.await(token, 200, ReportListStatus.SUSPENSION_DEADLINE);
    }

    /**
     * The cache's counters on /q/metrics: its hits, its misses, and of the hits those served by
     * {@link CachedTokenMechanism} before quarkus-oidc's mechanism ran. Every hit here is one of those: a held token
     * never reaches quarkus-oidc's mechanism.
     */
    private record Lookups(double hits, double misses, double ahead) {

        static Lookups now() {
            return new Lookups(Metrics.value(LOOKUPS, "result=\"hit\""), Metrics.value(LOOKUPS, "result=\"miss\""),
                    Metrics.value(AHEAD, ""));
        }

        Lookups plus(int moreHits, int moreMisses) {
            return new Lookups(hits + moreHits, misses + moreMisses, ahead + moreHits);
        }
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The signature with its first byte changed: still well-formed base64url, no longer valid. */
    private static String flipped(String signature) {
        byte[] bytes = Base64.getUrlDecoder().decode(signature);
        bytes[0] ^= 0x01;
        return BASE64URL.encodeToString(bytes);
    }
}
