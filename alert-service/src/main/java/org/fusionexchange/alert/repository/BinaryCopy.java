package org.fusionexchange.alert.repository;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows for one {@code COPY table (columns) FROM STDIN (FORMAT binary)}, built in memory and sent in one message
 * (PostgreSQL's binary copy format: a signature, then per row its field count and each field's length and bytes).
 * PostgreSQL reads each value by its type's binary receive function, with the same checks as for a parameter
 * (a {@code varchar(n)} longer than n, text that is not UTF-8, a duplicate key: the whole statement fails), and
 * writes the rows in one statement without parsing or planning an insert of them.
 * <p>
 * Only the types the projection's {@code alert} rows need: {@code uuid} and {@code uuid[]}, {@code text} and
 * {@code varchar}, {@code jsonb}, {@code integer}, {@code bigint}, {@code double precision}, {@code timestamptz},
 * and null.
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in microseconds since 1970's. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    /** {@code uuid}'s type OID, which an array names for its elements. */
    private static final int UUID_OID = 2950;

    private byte[] bytes;
    private int size;

    BinaryCopy(int expectedBytes) {
        bytes = new byte[Math.max(64, expectedBytes)];
        put(SIGNATURE);
        putInt(0); // flags: no OIDs
        putInt(0); // no header extension
    }

    /** Starts a row of {@code fields} values. */
    BinaryCopy row(int fields) {
        putShort(fields);
        return this;
    }

    BinaryCopy uuid(UUID value) {
        if (value == null) {
            return nullValue();
        }
        putInt(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
        return this;
    }

    /** A {@code text} or {@code varchar} value, in UTF-8 (the databases' encoding). */
    BinaryCopy text(String value) {
        if (value == null) {
            return nullValue();
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        put(utf8);
        return this;
    }

    /** A one-dimensional {@code uuid[]} without nulls (an empty one has no dimension, as PostgreSQL writes it). */
    BinaryCopy uuidArray(List<UUID> values) {
        if (values == null) {
            return nullValue();
        }
        putInt(values.isEmpty() ? 12 : 20 + 20 * values.size());
        putInt(values.isEmpty() ? 0 : 1); // dimensions
        putInt(0); // no null element
        putInt(UUID_OID);
        if (!values.isEmpty()) {
            putInt(values.size());
            putInt(1); // lower bound
            for (UUID value : values) {
                uuid(value);
            }
        }
        return this;
    }

    /** A {@code jsonb} value from its JSON text: format version 1, then the text, which PostgreSQL parses. */
    BinaryCopy jsonb(String json) {
        if (json == null) {
            return nullValue();
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length + 1);
        room(1);
        bytes[size++] = 1;
        put(utf8);
        return this;
    }

    BinaryCopy int4(Integer value) {
        return value == null ? nullValue() : int4(value.intValue());
    }

    BinaryCopy int8(long value) {
        putInt(8);
        putLong(value);
        return this;
    }

    BinaryCopy float8(Double value) {
        if (value == null) {
            return nullValue();
        }
        putInt(8);
        putLong(Double.doubleToRawLongBits(value));
        return this;
    }

    BinaryCopy int4(int value) {
        putInt(4);
        putInt(value);
        return this;
    }

    /** A {@code timestamptz}: microseconds since 2000-01-01 UTC; a finer instant is truncated, as a parameter is. */
    BinaryCopy timestamptz(Instant value) {
        if (value == null) {
            return nullValue();
        }
        putInt(8);
        putLong(Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000)
                - POSTGRES_EPOCH_MICROS);
        return this;
    }

    BinaryCopy nullValue() {
        putInt(-1);
        return this;
    }

    /**
     * Sends the rows with {@code copyStatement} ({@code COPY t (c, ...) FROM STDIN (FORMAT binary)}) on
     * {@code connection}, in its transaction, once. Returns the rows PostgreSQL stored.
     */
    long into(Connection connection, String copyStatement) throws SQLException {
        putShort(-1);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copyStatement);
        try {
            copy.writeToCopy(bytes, 0, size);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    private void put(byte[] value) {
        room(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    private void putShort(int value) {
        room(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void putInt(int value) {
        room(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
