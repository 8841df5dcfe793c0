package org.fusionexchange.alert.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** How long a verified token is kept: until its exp or the maximum age, whichever comes first, and no longer. */
class VerifiedTokensTest {

    private static final long START = 1_800_000_000_000L;
    private static final VerifiedTokens.Key KEY = new VerifiedTokens.Key("Default", "header.claims.signature");
    private static final SecurityIdentity IDENTITY = QuarkusSecurityIdentity.builder()
            .setPrincipal(() -> "tampa.reporter").addRole("reporter").build();

    /** One clock for both Caffeine's ticker and the wall clock, moved by hand. */
    private final AtomicLong millis = new AtomicLong(START);
    private final VerifiedTokens tokens = new VerifiedTokens(3, Duration.ofMinutes(5),
            () -> TimeUnit.MILLISECONDS.toNanos(millis.get()), millis::get);

    @Test
    void aTokenIsServedUntilItsExpAndNotAMillisecondLonger() {
        tokens.put(KEY, IDENTITY, seconds(START) + 60);
        assertSame(IDENTITY, tokens.get(KEY));
        millis.set(START + 59_999);
        assertSame(IDENTITY, tokens.get(KEY));
        millis.set(START + 60_000);
        assertNull(tokens.get(KEY));
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
        tokens.put(KEY, IDENTITY, seconds(START) + 3_600);
        millis.set(START + Duration.ofMinutes(5).toMillis() - 1);
        assertSame(IDENTITY, tokens.get(KEY));
        millis.set(START + Duration.ofMinutes(5).toMillis());
        assertNull(tokens.get(KEY));
    }

    @Test
    void verifyingTheSameTokenAgainDoesNotExtendItsEntry() {
        tokens.put(KEY, IDENTITY, seconds(START) + 3_600);
        millis.set(START + Duration.ofMinutes(4).toMillis());
        tokens.put(KEY, QuarkusSecurityIdentity.builder().setPrincipal(() -> "other").build(), seconds(START) + 3_600);
        assertSame(IDENTITY, tokens.get(KEY));
        millis.set(START + Duration.ofMinutes(5).toMillis());
        assertNull(tokens.get(KEY));
    }

    @Test
    void aTokenWithoutExpiryOrAlreadyExpiredIsNotKept() {
        tokens.put(KEY, IDENTITY, 0);
        assertNull(tokens.get(KEY));
        tokens.put(KEY, IDENTITY, seconds(START));
        assertNull(tokens.get(KEY));
        assertEquals(0, tokens.size());
    }

    @Test
    void onlyTheExactTokenOfTheSameTenantIsServed() {
        tokens.put(KEY, IDENTITY, seconds(START) + 60);
        assertNull(tokens.get(new VerifiedTokens.Key("Default", KEY.token() + "x")));
        assertNull(tokens.get(new VerifiedTokens.Key("other", KEY.token())));
        assertSame(IDENTITY, tokens.get(new VerifiedTokens.Key("Default", new String(KEY.token()))));
    }

    @Test
    void atMostMaxSizeTokensAreKept() {
        for (int i = 0; i < 10; i++) {
            tokens.put(new VerifiedTokens.Key("Default", "token-" + i), IDENTITY, seconds(START) + 60);
        }
        tokens.cleanUp();
        assertEquals(3, tokens.size());
    }

    private static long seconds(long epochMillis) {
        return epochMillis / 1000;
    }
}
