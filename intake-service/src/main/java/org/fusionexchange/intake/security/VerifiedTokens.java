package org.fusionexchange.intake.security;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The identities of bearer tokens that passed verification, by the exact token. Each is kept until the token's
 * {@code exp}, or {@code maxAge} after it was verified, whichever comes first, and never longer: a later put of the
 * same token does not extend it. At most {@code maxSize} are kept.
 * <p>
 * It is read on every authenticated request, on the event loop. Caffeine's upkeep (replaying recorded reads into its
 * eviction order) runs on that thread too, in passing, rather than on the common fork-join pool: handed to the pool,
 * each upkeep woke a pool thread, which cost more than the upkeep itself (deploy/bench/README.md, session 41).
 */
final class VerifiedTokens {

    /** The exact token, and the OIDC tenant that verified it. */
    record Key(String tenant, String token) {
    }

    private record Entry(SecurityIdentity identity, long expiresAtMillis) {
    }

    private final Cache<Key, Entry> entries;
    private final Duration maxAge;
    private final LongSupplier wallClockMillis;

    VerifiedTokens(int maxSize, Duration maxAge) {
        this(maxSize, maxAge, Ticker.systemTicker(), System::currentTimeMillis);
    }

    /** With the clocks given: Caffeine's ticker for its own clean-up, the wall clock for {@code exp}. */
    VerifiedTokens(int maxSize, Duration maxAge, Ticker ticker, LongSupplier wallClockMillis) {
        this.maxAge = maxAge;
        this.wallClockMillis = wallClockMillis;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfter(Expiry.<Key, Entry>creating((key, entry) ->
                        Duration.ofMillis(Math.max(0, entry.expiresAtMillis() - wallClockMillis.getAsLong()))))
                .build();
    }

    /** The verified identity of {@code key}, or null when it was never verified or its time is up. */
    SecurityIdentity get(Key key) {
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        // exp is wall-clock time: checked here as well, whatever the ticker says
        if (wallClockMillis.getAsLong() >= entry.expiresAtMillis()) {
            entries.asMap().remove(key, entry);
            return null;
        }
        return entry.identity();
    }

    /**
     * Keeps {@code identity}, just verified, for a token expiring at {@code expSeconds} (epoch seconds). A token
     * without an expiry, or already expired, is not kept.
     */
    void put(Key key, SecurityIdentity identity, long expSeconds) {
        if (expSeconds <= 0) {
            return;
        }
        long now = wallClockMillis.getAsLong();
        long expiresAt = Math.min(Math.multiplyExact(expSeconds, 1000L), now + maxAge.toMillis());
        if (expiresAt > now) {
            entries.asMap().putIfAbsent(key, new Entry(identity, expiresAt));
        }
    }

    long size() {
        return entries.estimatedSize();
    }

    /** Runs pending evictions at once (for tests; Caffeine otherwise does it in passing). */
    void cleanUp() {
        entries.cleanUp();
    }
}
