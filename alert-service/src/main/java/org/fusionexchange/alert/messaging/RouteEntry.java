package org.fusionexchange.alert.messaging;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.fusionexchange.alert.service.RouteState;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What routing's store ({@value RoutingTopology#ROUTES}) holds of one report under its id: routing's
 * {@link RouteState} and the values entity matching compares ({@link EntitySteps.Held}), so that a report's version
 * costs one store read, one write and one changelog record for both.
 * <p>
 * A report that holds no values is stored as its route state's JSON alone, which starts with {@code '{'}: the form
 * every earlier version wrote. One that holds values is format {@value #FORMAT}: that byte, the route state's JSON
 * length as a 4-byte int (-1 for none: routing never stored the report), the JSON, then the values in
 * {@link EntityCodec}'s form to the end. Each part is read on its own ({@link #routeOf}, {@link #heldOf}), so that
 * one that cannot be read does not stop the other's use.
 *
 * @param route what routing remembers; null when it stored nothing of the report
 * @param held the values the report held at its last version; null for none
 */
record RouteEntry(RouteState route, EntitySteps.Held held) {

    static final byte FORMAT = 3;
    private static final byte JSON = '{';
    private static final int HEADER = 1 + Integer.BYTES;

    /** The bytes to store, or null when there is nothing to keep (the entry is deleted). */
    byte[] write(ObjectMapper json) {
        byte[] state = route == null ? null : StoredJson.write(json, route);
        if (held == null) {
            return state;
        }
        byte[] values = EntityCodec.write(held);
        int length = state == null ? 0 : state.length;
        ByteBuffer out = ByteBuffer.allocate(HEADER + length + values.length);
        out.put(FORMAT).putInt(state == null ? -1 : length);
        if (state != null) {
            out.put(state);
        }
        return out.put(values).array();
    }

    /** A stored entry, both parts; either that cannot be read is refused. */
    static RouteEntry read(ObjectMapper json, byte[] stored) {
        return new RouteEntry(routeOf(json, stored), heldOf(json, stored));
    }

    /** The route state of a stored entry (null for no entry, or an entry without one); refused if unreadable. */
    static RouteState routeOf(ObjectMapper json, byte[] stored) {
        byte[] state = withoutValues(stored);
        return state == null ? null : StoredJson.read(json, state, RouteState.class);
    }

    /** The values of a stored entry (null for none); refused if unreadable. */
    static EntitySteps.Held heldOf(ObjectMapper json, byte[] stored) {
        if (!withValues(stored)) {
            return null;
        }
        return EntityCodec.readHeld(Arrays.copyOfRange(stored, valuesAt(stored), stored.length), json);
    }

    /** The entry's route state as stored, its values left out: the plain form, or null when it has none. */
    static byte[] withoutValues(byte[] stored) {
        if (stored == null) {
            return null;
        }
        if (stored.length > 0 && stored[0] == JSON) {
            return stored;
        }
        int values = valuesAt(stored);
        return values == HEADER && ByteBuffer.wrap(stored, 1, Integer.BYTES).getInt() < 0 ? null
                : Arrays.copyOfRange(stored, HEADER, values);
    }

    /** Whether the entry is in the form with values: one without may still have values of an earlier version. */
    static boolean withValues(byte[] stored) {
        return stored != null && stored.length > 0 && stored[0] == FORMAT;
    }

    /** Where the values of an entry in format {@value #FORMAT} start; anything else is refused. */
    private static int valuesAt(byte[] stored) {
        if (stored.length < HEADER || stored[0] != FORMAT) {
            throw new IllegalArgumentException("route entry of unknown format "
                    + (stored.length == 0 ? "(empty)" : Byte.toString(stored[0])) + " (" + stored.length + " bytes)");
        }
        int length = ByteBuffer.wrap(stored, 1, Integer.BYTES).getInt();
        long values = (long) HEADER + Math.max(length, 0);
        if (length < -1 || values >= stored.length) {
            throw new IllegalArgumentException("route entry truncated: state of " + length + " bytes in "
                    + stored.length);
        }
        return (int) values;
    }
}
