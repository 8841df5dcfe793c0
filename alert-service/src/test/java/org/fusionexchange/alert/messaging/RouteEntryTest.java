package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.fusionexchange.alert.config.StrictJson;
import org.fusionexchange.alert.service.MatchRules;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.RouteState;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A report's entry in routing's store: its route state's JSON alone while it holds no values (the form of every
 * earlier version), the route state and the values together once it does; anything else is refused.
 */
class RouteEntryTest {

    private final ObjectMapper json = mapper();

    static ObjectMapper mapper() {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(json);
        return json;
    }

    static RouteState route(int version) {
        return new RouteState(version, "OVERDOSE", "US-FL-12057", "AMBER", List.of(),
                Map.of("HCSO", Reason.JURISDICTION), Map.of("HCSO", List.of(UUID.randomUUID())));
    }

    static EntitySteps.Held held(int version, Instant seen) {
        MatchRules.Entity phone = MatchRules.phone("+18135550147", "(813) 555-0147");
        MatchRules.Entity plate = MatchRules.plate("ABC1234", "FL", "US-FL-12057", "abc-1234 (fl)");
        return new EntitySteps.Held(version, seen, Map.of(phone.key(), phone, plate.key(), plate));
    }

    @Test
    void anEntryWithoutValuesIsItsRouteStatesJsonAsEarlierVersionsWroteIt() {
        RouteState route = route(2);
        byte[] stored = new RouteEntry(route, null).write(json);
        assertArrayEquals(StoredJson.write(json, route), stored, "the plain form, byte for byte");
        assertFalse(RouteEntry.withValues(stored));
        assertEquals(new RouteEntry(route, null), RouteEntry.read(json, stored));
        assertNull(new RouteEntry(null, null).write(json), "nothing to keep: the entry is deleted");
        assertNull(RouteEntry.routeOf(json, null));
        assertNull(RouteEntry.heldOf(json, null));
    }

    @Test
    void anEntryWithValuesKeepsBothAndAValuesOnlyEntryKeepsNoRoute() {
        RouteState route = route(3);
        EntitySteps.Held held = held(3, Instant.parse("2026-12-01T10:15:30.123456Z"));
        byte[] stored = new RouteEntry(route, held).write(json);
        assertTrue(RouteEntry.withValues(stored));
        assertEquals(RouteEntry.FORMAT, stored[0]);
        assertEquals(new RouteEntry(route, held), RouteEntry.read(json, stored));

        byte[] valuesOnly = new RouteEntry(null, held).write(json);
        assertEquals(new RouteEntry(null, held), RouteEntry.read(json, valuesOnly));
        assertArrayEquals(StoredJson.write(json, route), RouteEntry.withoutValues(stored), "the values left out");
        assertNull(RouteEntry.withoutValues(valuesOnly), "no route state to keep");
    }

    @Test
    void aTruncatedOrUnknownEntryIsRefused() {
        byte[] stored = new RouteEntry(route(1), held(1, Instant.now())).write(json);
        for (int length = 0; length < stored.length; length++) {
            byte[] cut = Arrays.copyOf(stored, length);
            assertThrows(RuntimeException.class, () -> RouteEntry.read(json, cut), "cut at " + length);
        }
        byte[] tooLong = Arrays.copyOf(stored, stored.length + 1);
        assertEquals(route(1).version(), RouteEntry.routeOf(json, tooLong).version(), "the route state reads alone");
        assertThrows(IllegalArgumentException.class, () -> RouteEntry.heldOf(json, tooLong), "values with a byte over");
        byte[] badRoute = stored.clone();
        badRoute[1 + Integer.BYTES] = 'x'; // the state's JSON no longer starts with {
        assertThrows(RuntimeException.class, () -> RouteEntry.routeOf(json, badRoute));
        assertEquals(1, RouteEntry.heldOf(json, badRoute).version(), "the values read alone");
        byte[] unknown = stored.clone();
        unknown[0] = 9;
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RouteEntry.read(json, unknown));
        assertTrue(refused.getMessage().contains("unknown format 9"), refused.getMessage());
        byte[] badLength = stored.clone();
        badLength[1] = (byte) 0x80; // a negative length other than -1
        assertThrows(IllegalArgumentException.class, () -> RouteEntry.read(json, badLength));
    }
}
