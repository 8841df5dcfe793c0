package org.fusionexchange.alert.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The routing topology's state and messages as JSON bytes: how each step reads, writes and prunes them. */
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

    /** Deletes every entry of the store whose value, read as {@code type}, is {@code gone}. */
    static <T> void deleteWhere(KeyValueStore<String, byte[]> store, ObjectMapper json, Class<T> type,
            Predicate<T> gone) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (gone.test(read(json, entry.value, type))) {
                    keys.add(entry.key);
                }
            }
        }
        keys.forEach(store::delete);
    }
}
