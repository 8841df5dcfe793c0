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
 * {@link EntityCodec}'s form to the end.
 *
 * @param route what routing remembers; null when it stored nothing of the report
 * @param held the values the report held at its last version; null for none
 */
record RouteEntry(RouteState route, EntitySteps.Held held) {

    static final byte FORMAT = 3;
    static final RouteEntry NONE = new RouteEntry(null, null);
    private static final byte JSON = '{';

    /** The bytes to store, or null when there is nothing to keep (the entry is deleted). */
    byte[] write(ObjectMapper json) {
        byte[] state = route == null ? null : StoredJson.write(json, route);
        if (held == null) {
            return state;
        }
        byte[] values = EntityCodec.write(held);
        int length = state == null ? 0 : state.length;
        ByteBuffer out = ByteBuffer.allocate(1 + Integer.BYTES + length + values.length);
        out.put(FORMAT).putInt(state == null ? -1 : length);
        if (state != null) {
            out.put(state);
        }
        return out.put(values).array();
    }

    /** A stored entry, of either form; anything else is refused. */
    static RouteEntry read(ObjectMapper json, byte[] stored) {
        if (stored.length == 0) {
            throw new IllegalArgumentException("an empty value is not a route entry");
        }
        if (stored[0] == JSON) {
            return new RouteEntry(StoredJson.read(json, stored, RouteState.class), null);
        }
        if (stored[0] != FORMAT || stored.length < 1 + Integer.BYTES) {
            throw new IllegalArgumentException("route entry of unknown format " + stored[0] + " (" + stored.length
                    + " bytes)");
        }
        int length = ByteBuffer.wrap(stored, 1, Integer.BYTES).getInt();
        int values = 1 + Integer.BYTES + Math.max(length, 0);
        if (length < -1 || values >= stored.length) {
            throw new IllegalArgumentException("route entry truncated: state of " + length + " bytes in "
                    + stored.length);
        }
        RouteState route = length < 0 ? null
                : StoredJson.read(json, Arrays.copyOfRange(stored, 1 + Integer.BYTES, values), RouteState.class);
        return new RouteEntry(route, EntityCodec.readHeld(Arrays.copyOfRange(stored, values, stored.length), json));
    }

    /** Whether the entry is in the form with values: one without may still have values of an earlier version. */
    static boolean withValues(byte[] stored) {
        return stored != null && stored.length > 0 && stored[0] == FORMAT;
    }
}
