package org.fusionexchange.alert.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The body cache counts reads from its first lookup: its frequency sketch exists before any list runs, so no
 * lookup's way through Caffeine changes once the cache has filled half its weight (see {@link AlertBodies}).
 */
class AlertBodiesTest {

    private static final long BYTES = 8L << 20;
    private static final String BODY = "{\"id\":\"an alert\"}";

    @Test
    void readsCountFromTheFirstLookupWhereAPlainCacheSkipsThemUntilHalfFull() {
        AlertBodies bodies = new AlertBodies(BYTES, new SimpleMeterRegistry());
        UUID read = UUID.randomUUID();
        UUID added = UUID.randomUUID();
        bodies.put(read, BODY);
        bodies.put(added, BODY);
        for (int i = 0; i < 5; i++) {
            assertEquals(BODY, bodies.get(read));
        }
        assertEquals(List.of(read, added), hottestFirst(bodies.cache()), "the alert read five times is the hottest");

        // the same with Caffeine as it comes: the reads are not recorded, the last one added is the hottest
        Cache<UUID, String> plain = Caffeine.newBuilder().maximumWeight(BYTES)
                .<UUID, String>weigher((id, body) -> body.length()).build();
        plain.put(read, BODY);
        plain.put(added, BODY);
        for (int i = 0; i < 5; i++) {
            plain.getIfPresent(read);
        }
        assertEquals(List.of(added, read), hottestFirst(plain));
    }

    @Test
    void theEntryThatMadeTheSketchIsGoneAndWeighsNothing() {
        AlertBodies bodies = new AlertBodies(BYTES, new SimpleMeterRegistry());
        bodies.cache().cleanUp();
        assertEquals(0, bodies.cache().estimatedSize());
        assertEquals(0, bodies.cache().policy().eviction().orElseThrow().weightedSize().orElseThrow());
        assertNull(bodies.get(new UUID(0, 0)));
        // every byte of the cache is there for bodies: they fill it up to its weight, then the coldest go
        int body = 1_000;
        int fit = (int) (BYTES / (body + 96));
        for (int i = 0; i < fit; i++) {
            bodies.put(new UUID(1, i), "x".repeat(body));
        }
        bodies.cache().cleanUp();
        assertEquals(fit, bodies.cache().estimatedSize(), "no room is lost to the moment's entry");
        bodies.put(new UUID(2, 0), "x".repeat(body * 10));
        bodies.cache().cleanUp();
        assertTrue(bodies.cache().estimatedSize() < fit, "past its weight the cache lets bodies go");
    }

    @Test
    void aCacheOfNoBytesHoldsNothing() {
        AlertBodies off = new AlertBodies(0, new SimpleMeterRegistry());
        UUID id = UUID.randomUUID();
        off.put(id, BODY);
        assertNull(off.get(id));
        assertNull(off.cache());
    }

    private static List<UUID> hottestFirst(Cache<UUID, String> cache) {
        cache.cleanUp();
        return List.copyOf(cache.policy().eviction().orElseThrow().hottest(10).keySet());
    }
}
