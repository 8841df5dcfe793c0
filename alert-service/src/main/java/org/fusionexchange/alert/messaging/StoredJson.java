package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The routing topology's state and messages as JSON bytes (entity matching's have a binary form of their own,
 * {@link EntityCodec}): how each step reads, writes and prunes them.
 */
final class StoredJson {

    private StoredJson() {
    }

    static byte[] write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(ObjectMapper json, byte[] value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes every entry of the store whose key starts with {@code prefix} ("" for all) and whose value, read as
     * {@code type}, is {@code gone}.
     */
    static <T> void deleteWhere(KeyValueStore<String, byte[]> store, String prefix, ObjectMapper json, Class<T> type,
            Predicate<T> gone) {
        deleteWhere(store, prefix, value -> read(json, value, type), gone);
    }

    /** The same, for values read by {@code read}. */
    static <T> void deleteWhere(KeyValueStore<String, byte[]> store, String prefix, Function<byte[], T> read,
            Predicate<T> gone) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = prefix.isEmpty() ? store.all()
                : store.prefixScan(prefix, new StringSerializer())) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                if (gone.test(read.apply(entry.value))) {
                    keys.add(entry.key);
                }
            }
        }
        keys.forEach(store::delete);
    }
}
