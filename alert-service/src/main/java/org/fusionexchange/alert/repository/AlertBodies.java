package org.fusionexchange.alert.repository;

import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

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

    private final Cache<UUID, String> bodies;
    private final Counter hits;
    private final Counter misses;

    public AlertBodies(AlertConfig config, MeterRegistry registry) {
        long bytes = config.lists().bodyCache().asLongValue();
        this.bodies = bytes <= 0 ? null : Caffeine.newBuilder().maximumWeight(bytes)
                .<UUID, String>weigher((id, body) -> ENTRY_OVERHEAD + body.length()).build();
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
        if (bodies != null) {
            Gauge.builder("alert.list.body.cache.size", bodies, Cache::estimatedSize)
                    .description("Alert bodies held by the alert list's cache").register(registry);
        }
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
