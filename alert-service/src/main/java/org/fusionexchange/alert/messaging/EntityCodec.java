package org.fusionexchange.alert.messaging;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.MatchRules.Change;
import org.fusionexchange.alert.service.MatchRules.Entity;
import org.fusionexchange.alert.service.MatchRules.Kind;
import org.fusionexchange.alert.service.MatchRules.Level;
import org.fusionexchange.alert.service.MatchRules.Sighting;
import org.fusionexchange.alert.service.MatchRules.Told;
import org.fusionexchange.alert.service.MatchRules.ValueState;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Entity matching's messages and state in a compact binary form: the repartition records ({@link Change}), the value
 * store ({@link ValueState}) and what each report held ({@link EntitySteps.Held}). Every value is written for each
 * report's value, and read back at least once: as JSON each took several times the bytes, and the parsing and the
 * garbage were most of matching's cost (deploy/bench/README.md, entity matching's cost).
 * <p>
 * The first byte is the format, {@value #FORMAT}; a repartition record is a list of changes, format
 * {@value #CHANGES}. A value that starts with {@code '{'} is the JSON written before this form (a changelog or
 * repartition record from an earlier version), and is still read, as is a repartition record of one change in format
 * {@value #FORMAT}. A value state's matches are followed by the marking each one's last alert carried (a state written
 * before 2026-12-08 ends without them, and its matches read as of unknown marking). Enums are written by
 * name, strings as their UTF-8 length (-1 for null) and bytes, instants as seconds and nanoseconds.
 */
final class EntityCodec {

    static final byte FORMAT = 1;
    /** The format of a repartition record holding several changes: a report's values that share a partition. */
    static final byte CHANGES = 2;
    private static final byte JSON = '{';

    private EntityCodec() {
    }

    /** One change alone, as versions before {@link #CHANGES} wrote each repartition record; still read. */
    static byte[] write(Change change) {
        Out out = new Out(FORMAT, 256);
        change(out, change);
        return out.bytes();
    }

    /** A report's changes of the values that share a partition of the by-value topic, as one record. */
    static byte[] write(List<Change> changes) {
        Out out = new Out(CHANGES, 16 + 256 * changes.size());
        out.count(changes.size());
        changes.forEach(change -> change(out, change));
        return out.bytes();
    }

    /** Whether a record is a repartition record of several changes, as routing's step sends them. */
    static boolean isChanges(byte[] bytes) {
        return bytes != null && bytes.length > 0 && bytes[0] == CHANGES;
    }

    /** The changes a repartition record holds: several ({@link #CHANGES}), or one (the forms written before). */
    static List<Change> readChanges(byte[] bytes, ObjectMapper json) {
        if (bytes.length > 0 && bytes[0] == CHANGES) {
            return binary(bytes, in -> {
                int n = in.count();
                List<Change> changes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    changes.add(change(in));
                }
                return changes;
            });
        }
        return List.of(readChange(bytes, json));
    }

    static Change readChange(byte[] bytes, ObjectMapper json) {
        if (isJson(bytes)) {
            return StoredJson.read(json, bytes, Change.class);
        }
        return binary(bytes, EntityCodec::change);
    }

    private static void change(Out out, Change change) {
        sighting(out, change.sighting());
        out.string(change.gone() == null ? null : change.gone().name());
    }

    private static Change change(In in) {
        Sighting sighting = sighting(in);
        String gone = in.string();
        return new Change(sighting, gone == null ? null : CancelReason.valueOf(gone));
    }

    /**
     * A value's state, its head first (whether it is common, when it was last held, the reports it keeps), then
     * what each side of each match was told: {@link #readHead} reads the head alone.
     */
    static byte[] write(ValueState state) {
        Out out = new Out(128 + 160 * state.sightings().size() + 160 * state.told().size());
        out.bool(state.common());
        out.instant(state.lastSeen());
        out.count(state.sightings().size());
        state.sightings().forEach(s -> sighting(out, s));
        out.count(state.told().size());
        state.told().forEach((pair, told) -> {
            out.string(pair);
            told(out, told);
        });
        // after the matches, the marking each one's last alert carried, in the same order: states written before
        // 2026-12-08 end before it, and are still read
        state.told().values().forEach(told -> out.string(told.tlp()));
        return out.bytes();
    }

    /**
     * Whether a stored value state is marked common, from its second byte alone; false for the JSON of earlier
     * versions, which is then read whole.
     */
    static boolean markedCommon(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == FORMAT && bytes[1] != 0;
    }

    /** The head of a value's state: enough for {@code MatchRules.leavesUnchanged}. */
    record Head(boolean common, Instant lastSeen, List<Sighting> sightings) {
    }

    static Head readHead(byte[] bytes, ObjectMapper json) {
        if (isJson(bytes)) {
            ValueState state = StoredJson.read(json, bytes, ValueState.class);
            return new Head(state.common(), state.lastSeen(), state.sightings());
        }
        In in = new In(bytes);
        try {
            boolean common = in.bool();
            Instant lastSeen = in.instant();
            return new Head(common, lastSeen, sightings(in));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("entity record truncated", e);
        }
    }

    private static List<Sighting> sightings(In in) {
        int count = in.count();
        List<Sighting> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(sighting(in));
        }
        return list;
    }

    static ValueState readState(byte[] bytes, ObjectMapper json) {
        if (isJson(bytes)) {
            return StoredJson.read(json, bytes, ValueState.class);
        }
        return binary(bytes, in -> {
            boolean common = in.bool();
            Instant lastSeen = in.instant();
            List<Sighting> sightings = sightings(in);
            int told = in.count();
            Map<String, Told> map = new LinkedHashMap<>();
            for (int i = 0; i < told; i++) {
                map.put(in.string(), told(in));
            }
            if (in.in.hasRemaining()) {
                map.replaceAll((pair, t) -> new Told(t.recipient(), t.ownReport(), t.otherReport(), t.matchId(),
                        t.version(), t.level(), t.headline(), t.alerts(), in.string()));
            }
            return new ValueState(sightings, map, common, lastSeen);
        });
    }

    static byte[] write(EntitySteps.Held held) {
        Out out = new Out(64 + 96 * held.values().size());
        out.integer(held.version());
        out.instant(held.seen());
        out.count(held.values().size());
        held.values().values().forEach(e -> entity(out, e));
        return out.bytes();
    }

    static EntitySteps.Held readHeld(byte[] bytes, ObjectMapper json) {
        if (isJson(bytes)) {
            return StoredJson.read(json, bytes, EntitySteps.Held.class);
        }
        return binary(bytes, in -> {
            int version = in.in.getInt();
            Instant seen = in.instant();
            int count = in.count();
            Map<String, Entity> values = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                Entity entity = entity(in);
                values.put(entity.key(), entity);
            }
            return new EntitySteps.Held(version, seen, values);
        });
    }

    /** Reads a binary value whole: a truncated value, or one with bytes left over, is refused. */
    private static <T> T binary(byte[] bytes, Function<In, T> read) {
        In in = new In(bytes);
        T value;
        try {
            value = read.apply(in);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("entity record truncated", e);
        }
        if (in.in.hasRemaining()) {
            throw new IllegalArgumentException("entity record has " + in.in.remaining() + " bytes too many");
        }
        return value;
    }

    private static boolean isJson(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("an empty value is not an entity record");
        }
        if (bytes[0] == JSON) {
            return true;
        }
        if (bytes[0] != FORMAT) {
            throw new IllegalArgumentException("entity record of unknown format " + bytes[0]);
        }
        return false;
    }

    private static void sighting(Out out, Sighting s) {
        out.uuid(s.reportId());
        out.string(s.agency());
        out.integer(s.version());
        out.string(s.tlp());
        out.string(s.headline());
        out.string(s.jurisdiction());
        entity(out, s.entity());
        out.instant(s.seen());
    }

    private static Sighting sighting(In in) {
        return new Sighting(in.uuid(), in.string(), in.in.getInt(), in.string(), in.string(), in.string(), entity(in),
                in.instant());
    }

    private static void entity(Out out, Entity e) {
        out.string(e.key());
        out.string(e.kind().name());
        out.string(e.value());
        out.string(e.plateState());
        out.string(e.written());
        out.string(e.vinCheck());
    }

    private static Entity entity(In in) {
        return new Entity(in.string(), Kind.valueOf(in.string()), in.string(), in.string(), in.string(), in.string());
    }

    private static void told(Out out, Told t) {
        out.string(t.recipient());
        out.uuid(t.ownReport());
        out.uuid(t.otherReport());
        out.uuid(t.matchId());
        out.integer(t.version());
        out.string(t.level().name());
        out.string(t.headline());
        out.count(t.alerts().size());
        t.alerts().forEach(out::uuid);
    }

    private static Told told(In in) {
        String recipient = in.string();
        UUID own = in.uuid();
        UUID other = in.uuid();
        UUID match = in.uuid();
        int version = in.in.getInt();
        Level level = Level.valueOf(in.string());
        String headline = in.string();
        int count = in.count();
        List<UUID> alerts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            alerts.add(in.uuid());
        }
        return new Told(recipient, own, other, match, version, level, headline, alerts, null);
    }

    /** A growing buffer, the format byte first. */
    private static final class Out {
        private ByteBuffer out;

        Out(int capacity) {
            this(FORMAT, capacity);
        }

        Out(byte format, int capacity) {
            out = ByteBuffer.allocate(capacity);
            out.put(format);
        }

        private void room(int bytes) {
            if (out.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
                out.flip();
                bigger.put(out);
                out = bigger;
            }
        }

        void string(String s) {
            if (s == null) {
                room(4);
                out.putInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            room(4 + utf8.length);
            out.putInt(utf8.length);
            out.put(utf8);
        }

        void uuid(UUID id) {
            room(16);
            out.putLong(id.getMostSignificantBits());
            out.putLong(id.getLeastSignificantBits());
        }

        void instant(Instant at) {
            room(13);
            out.put((byte) (at == null ? 0 : 1));
            if (at != null) {
                out.putLong(at.getEpochSecond());
                out.putInt(at.getNano());
            }
        }

        void count(int n) {
            integer(n);
        }

        void integer(int n) {
            room(4);
            out.putInt(n);
        }

        void bool(boolean b) {
            room(1);
            out.put((byte) (b ? 1 : 0));
        }

        byte[] bytes() {
            return Arrays.copyOf(out.array(), out.position());
        }
    }

    /** Reads what {@link Out} wrote, after the format byte. */
    private static final class In {
        private final ByteBuffer in;

        In(byte[] bytes) {
            in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        }

        String string() {
            int length = in.getInt();
            if (length < 0) {
                return null;
            }
            if (length > in.remaining()) {
                throw new IllegalArgumentException("entity record truncated: a string of " + length + " bytes");
            }
            String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return s;
        }

        UUID uuid() {
            return new UUID(in.getLong(), in.getLong());
        }

        Instant instant() {
            return in.get() == 0 ? null : Instant.ofEpochSecond(in.getLong(), in.getInt());
        }

        int count() {
            int n = in.getInt();
            if (n < 0 || n > in.remaining()) {
                throw new IllegalArgumentException("entity record truncated: a count of " + n);
            }
            return n;
        }

        boolean bool() {
            return in.get() != 0;
        }
    }
}
