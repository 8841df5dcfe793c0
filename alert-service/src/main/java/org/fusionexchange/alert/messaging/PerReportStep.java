package org.fusionexchange.alert.messaging;

import java.time.Duration;
import java.util.function.ToIntFunction;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A step of the routing topology on the {@code case-reports} events, keyed by report, that keeps what each report's
 * last version held ({@code S} as JSON) in a store under {@code keyPrefix + reportId}: an event that cannot be
 * read (routing dead-letters it) is skipped, and a redelivered or older version changes nothing. The store is pruned every {@code pruneInterval}.
 * The spike step's contributions are such a step; entity matching's values live in routing's own entry of the report
 * instead ({@link RouteEntry}), since each store adds its changelog's partitions to every exactly-once transaction.
 */
abstract class PerReportStep<S> implements Processor<String, byte[], String, byte[]> {

    private final CaseReportReader reader;
    private final String storeName;
    protected final String keyPrefix;
    private final Class<S> type;
    private final ToIntFunction<S> version;
    private final Duration pruneInterval;
    protected final ObjectMapper json;
    protected ProcessorContext<String, byte[]> context;
    protected KeyValueStore<String, byte[]> store;

    PerReportStep(CaseReportReader reader, String storeName, String keyPrefix, Class<S> type,
            ToIntFunction<S> version, Duration pruneInterval, ObjectMapper json) {
        this.reader = reader;
        this.storeName = storeName;
        this.keyPrefix = keyPrefix;
        this.type = type;
        this.version = version;
        this.pruneInterval = pruneInterval;
        this.json = json;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(pruneInterval, PunctuationType.WALL_CLOCK_TIME, at -> prune());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CaseReportReader.Read read = reader.read(record.value());
        if (read.defect() != null) {
            return; // routing dead-letters it
        }
        CaseReportEvent event = read.event();
        if (event.version() == 1 && !concerns(event)) {
            // nothing to add, and no earlier version to take back: no read of a key most likely never stored (a
            // redelivered first version would change nothing either)
            return;
        }
        byte[] stored = store.get(keyOf(event));
        S before = stored == null ? null : decode(stored);
        if (before != null && event.version() <= version.applyAsInt(before)) {
            return; // a redelivered or older version
        }
        process(record, event, before);
    }

    /**
     * Whether the event gives this step anything to keep or send, judged on the event alone (the same content always
     * gets the same answer): a first version that does not is skipped without reading the store.
     */
    protected abstract boolean concerns(CaseReportEvent event);

    /** A new version of the report, and what its last version held (null for none). */
    protected abstract void process(Record<String, byte[]> record, CaseReportEvent event, S before);

    /** Forgets what no longer matters. */
    protected abstract void prune();

    protected void save(CaseReportEvent event, S held) {
        store.put(keyOf(event), encode(held));
    }

    /** What a report held, as stored: JSON unless a step stores it in a form of its own. */
    protected S decode(byte[] stored) {
        return StoredJson.read(json, stored, type);
    }

    protected byte[] encode(S held) {
        return StoredJson.write(json, held);
    }

    protected void forget(CaseReportEvent event) {
        store.delete(keyOf(event));
    }

    private String keyOf(CaseReportEvent event) {
        return keyPrefix + event.reportId();
    }
}
