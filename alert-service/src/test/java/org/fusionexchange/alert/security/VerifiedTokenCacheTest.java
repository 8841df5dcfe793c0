package org.fusionexchange.alert.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.InjectFusionStack;
import org.fusionexchange.stack.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A bearer token verified once is served from the cache while it is valid; a token that differs in a single
 * character is verified (and refused), never served from the entry of the one it copies. Expiry against a clock is
 * {@link VerifiedTokensTest}; a suspended agency's cached token refused on its next request is
 * {@code AlertAccessTest.aSuspendedAgencysTokenIsForbiddenWhileStillValid}. Real Keycloak tokens.
 */
@QuarkusTest
class VerifiedTokenCacheTest {

    @InjectFusionStack
    FusionStack stack;

    @Inject
    DirectoryView directory;

    @BeforeEach
    void demoDirectory() {
        Exchange.demoDirectory(stack, directory);
    }

    @Test
    void theSameTokenAgainIsServedFromTheCacheAndATamperedCopyIsVerifiedAndRefused() {
        String token = Tokens.of(stack, "hcso.analyst");
        double hits = lookups("hit");
        double misses = lookups("miss");
        double ahead = ahead();
        given().auth().oauth2(token).when().get("/api/v1/topics").then().statusCode(200);
        assertEquals(misses + 1, lookups("miss"), "the first sight of a token is verified by quarkus-oidc");
        given().auth().oauth2(token).when().get("/api/v1/alerts").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/subscriptions").then().statusCode(200);
        assertEquals(hits + 2, lookups("hit"), "the next requests are served from the cache");
        assertEquals(ahead + 2, ahead(), "both before quarkus-oidc's mechanism ran (CachedTokenMechanism)");

        // the same claims with one character of the signature changed: in its middle, where each character holds six
        // bits of the signature (the last one also holds padding bits, which a decoder ignores)
        int at = token.length() - 20;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(tampered).when().get("/api/v1/alerts").then().statusCode(401)
                    .contentType("application/problem+json");
        }
        assertEquals(hits + 2, lookups("hit"), "a tampered token is never a hit");
        assertEquals(misses + 3, lookups("miss"), "it is verified each time, and never kept");
        assertEquals(ahead + 2, ahead(), "and never served ahead of quarkus-oidc's mechanism");
    }

    private static double lookups(String result) {
        return metric("alert_token_cache_lookups_total{", "result=\"" + result + "\"");
    }

    /** Requests served from the cache by {@link CachedTokenMechanism}, before quarkus-oidc's mechanism ran. */
    private static double ahead() {
        return metric("alert_token_cache_ahead_total", "");
    }

    private static double metric(String start, String label) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(start) && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
