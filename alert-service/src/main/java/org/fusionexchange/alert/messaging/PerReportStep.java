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
 * last version held in a store of its own ({@code S} as JSON): an event routing dead-letters is skipped, and a
 * redelivered or older version changes nothing. The store is pruned every {@code pruneInterval}.
 */
abstract class PerReportStep<S> implements Processor<String, byte[], String, byte[]> {

    private final CaseReportReader reader;
    private final String storeName;
    private final Class<S> type;
    private final ToIntFunction<S> version;
    private final Duration pruneInterval;
    protected final ObjectMapper json;
    protected ProcessorContext<String, byte[]> context;
    protected KeyValueStore<String, byte[]> store;

    PerReportStep(CaseReportReader reader, String storeName, Class<S> type, ToIntFunction<S> version,
            Duration pruneInterval, ObjectMapper json) {
        this.reader = reader;
        this.storeName = storeName;
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
        byte[] stored = store.get(event.reportId().toString());
        S before = stored == null ? null : StoredJson.read(json, stored, type);
        if (before != null && event.version() <= version.applyAsInt(before)) {
            return; // a redelivered or older version
        }
        process(record, event, before);
    }

    /** A new version of the report, and what its last version held (null for none). */
    protected abstract void process(Record<String, byte[]> record, CaseReportEvent event, S before);

    /** Forgets what no longer matters. */
    protected abstract void prune();

    protected void save(CaseReportEvent event, S held) {
        store.put(event.reportId().toString(), StoredJson.write(json, held));
    }
}
