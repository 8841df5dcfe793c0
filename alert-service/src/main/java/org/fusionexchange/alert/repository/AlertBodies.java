package org.fusionexchange.alert.repository;

import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fusionexchange.alert.config.AlertConfig;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The published JSON of alerts a list has read, by alert id, up to {@code alert.lists.body-cache} bytes (the least
 * recently used go first). An alert's published JSON is written once, when it is projected, and never changes, so
 * a held body is never stale; which alerts a page shows, their order and their acknowledgements are read from
 * PostgreSQL on every request all the same. An id names one alert of one recipient, whose page the database chose.
 * <p>
 * A page of 50 alerts moved about 30 KB of bodies out of PostgreSQL, two thirds of its CPU for the page
 * (deploy/bench/README.md); with the bodies held, it reads numbers, ids and acknowledgements.
 */
@ApplicationScoped
public class AlertBodies {

    /** A body's heap cost beside its characters: the String, the entry and its node, roughly. */
    private static final int ENTRY_OVERHEAD = 96;
    /** The one entry {@link #countingReads} holds for a moment, weighed as half the cache. */
    private static final UUID HALF_ID = new UUID(0, 0);
    private static final String HALF = new String("half of the cache");

    private final Cache<UUID, String> bodies;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public AlertBodies(AlertConfig config, MeterRegistry registry) {
        this(config.lists().bodyCache().asLongValue(), registry);
    }

    AlertBodies(long bytes, MeterRegistry registry) {
        int half = (int) Math.min(bytes / 2 + 1, Integer.MAX_VALUE);
        this.bodies = bytes <= 0 ? null : countingReads(Caffeine.newBuilder().maximumWeight(bytes)
                .executor(Runnable::run)
                .<UUID, String>weigher((id, body) -> body == HALF ? half : ENTRY_OVERHEAD + body.length()).build());
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
        if (bodies != null) {
            Gauge.builder("alert.list.body.cache.size", bodies, Cache::estimatedSize)
                    .description("Alert bodies held by the alert list's cache").register(registry);
        }
    }

    /**
     * The cache, with its frequency sketch made now. Caffeine makes a bounded cache's sketch (how often each key was
     * read, which decides what stays) only once the cache first holds half its weight, and until then skips
     * recording reads: a branch in every lookup. That branch changed its way once, late, when a list had filled
     * half the cache, and in the benchmark the JIT compiler had by then recompiled the list's code too often to
     * compile it again: it left a trap there that sent the rest of every page's lookups to the interpreter, 8,000
     * times a second at 10,000 pages a second, a quarter more of the service's CPU a page (deploy/bench/README.md,
     * session 31). So the sketch is made here, before any list runs, by holding for a moment one entry weighed as
     * half the cache. Caffeine sizes it again as the cache fills.
     * <p>
     * Its upkeep (the recorded reads drained into the sketch and its queues) runs on the thread that looked up, in
     * passing, not handed to the common pool: with reads recorded from the start, waking a pool thread a few times a
     * page cost more than the upkeep itself (a --lists run: alert-service 0.080 to 0.094 ms a page against 0.091 to
     * 0.106 with the pool).
     */
    private static Cache<UUID, String> countingReads(Cache<UUID, String> cache) {
        cache.put(HALF_ID, HALF);
        cache.cleanUp();
        cache.invalidate(HALF_ID);
        cache.cleanUp();
        return cache;
    }

    /** The cache itself, for tests. */
    Cache<UUID, String> cache() {
        return bodies;
    }

    /** The alert's published JSON, or null when it is not held. */
    String get(UUID id) {
        return bodies == null ? null : bodies.getIfPresent(id);
    }

    /** Counts a page's lookups: how many bodies were held, and how many not. */
    void looked(int held, int notHeld) {
        hits.increment(held);
        misses.increment(notHeld);
    }

    /** Holds the alert's published JSON, as read from the projection. */
    void put(UUID id, String body) {
        if (bodies != null && body != null) {
            bodies.put(id, body);
        }
    }

    /** Lets go of these alerts' bodies: for tests that change a stored body behind the service's back. */
    public void forget(Collection<UUID> ids) {
        if (bodies != null) {
            bodies.invalidateAll(ids);
        }
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("alert.list.body.cache.lookups").tag("result", result)
                .description("Alert bodies a list found in its cache (hit) or read from PostgreSQL (miss)")
                .register(registry);
    }
}
