package org.fusionexchange.alert.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fusionexchange.alert.config.IsoInstant;
import org.fusionexchange.alert.repository.AlertRepository;
import org.fusionexchange.alert.repository.CommonValueRepository;
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AlertRoutingService;
import org.fusionexchange.alert.service.EntityMatchSettings;
import org.fusionexchange.alert.service.RouteState;
import org.fusionexchange.alert.service.SpikeAudience;
import org.fusionexchange.alert.service.SpikeClock;
import org.fusionexchange.alert.tracing.AlertTraces;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Routing as a Kafka Streams topology, run with exactly-once processing: every step reads, updates its state store and
 * writes its output in one Kafka transaction.
 * <ol>
 * <li>{@code case-reports}, keyed by report: the report's {@link RouteState} (store {@value #ROUTES}) decides
 * Alert, Update or Cancel per agency; one alert per recipient goes out keyed by recipient.</li>
 * <li>The same events, for overdose spikes ({@link SpikeSteps}): each report's contribution to its county's counts,
 * repartitioned by county, where the county's windows decide a spike's Alert, Update or Cancel, also unnumbered and
 * keyed by recipient.</li>
 * <li>In the same step, for cross-agency entity matches ({@link EntitySteps}): each report's phones, VINs and plates
 * (kept in the report's {@link RouteEntry} beside its route state), repartitioned by value onto
 * {@code alert.matches.partitions} partitions (one record per report and partition), where the value's reports decide
 * each match's Alert, Update or Cancel, also unnumbered and keyed by recipient.</li>
 * <li>{@code alerts}, keyed by recipient, with CloudEvents headers, in the transaction of the step that made them:
 * unnumbered ({@code "seq":0}), each agency's alerts in one partition. Their readers, the SSE feed and the projection
 * into PostgreSQL ({@code read_committed}), give them the agency's numbers by counting ({@link AlertNumbers}).</li>
 * </ol>
 * An event that can never be routed goes to {@code case-reports.dlq}; the partition goes on.
 *
 * <p>A case-reports record that carries a sampled {@code traceparent} (a traced request in intake-service) is routed
 * under a {@code route case-report} span, the child of the context the record carried, and passed on in the headers
 * of each alert it makes ({@link AlertTraces}).
 */
final class RoutingTopology {

    static final String ROUTES = "report-routes";
    public static final String CE_TYPE_PREFIX = "org.fusionexchange.alert.";
    public static final String CE_SOURCE = "/alert-service";

    private static final Logger LOG = Logger.getLogger(RoutingTopology.class);

    private RoutingTopology() {
    }

    /** What the spike steps need beside routing's parts. */
    record Spikes(SpikeAudience audience, SpikeClock clock, Duration checkInterval, Duration pruneInterval) {
    }

    /** What the entity match steps need beside routing's parts. */
    record Matches(EntityMatchSettings settings, CommonValueRepository common, Duration pruneInterval,
            int partitions) {
    }

    static Topology build(String caseReportsTopic, String alertsTopic, CaseReportReader reader,
            AlertRoutingService routing, AlertRepository alerts, DeadLetters deadLetters, ObjectMapper json,
            AlertTraces traces, Spikes spikes, Matches matches, CommitPace pace) {
        StreamsBuilder builder = new StreamsBuilder();
        // Stores keyed by report or by entity value are not cached: each key is written about once per commit, so a
        // cache would save no changelog record, only keep every entry on the heap until evicted, long enough to be
        // promoted and die in the old generation (deploy/bench/README.md, entity matching's cost).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROUTES), Serdes.String(),
                Serdes.ByteArray()));
        // The small store, one entry per county with recent overdoses, lives on the heap, restored from its
        // changelog as the others: a RocksDB instance per store and partition costs more resident memory than its
        // entries (deploy/bench/README.md, "Where alert-service's memory goes"). It is cached: between two commits a
        // county's windows reach the changelog once, not once per overdose.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SpikeSteps.CONTRIBUTIONS),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SpikeSteps.COUNTIES),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EntitySteps.VALUES),
                Serdes.String(), Serdes.ByteArray()));
        KStream<String, byte[]> reports = builder.stream(caseReportsTopic,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("case-reports"));
        Routed routed = routed(reports, pace.paced(() -> new RouteStep(reader, routing, alerts, deadLetters, json,
                traces, new EntitySteps.ReportValues(matches.settings(), matches.partitions()))));
        KStream<String, byte[]> spikeAlerts = reports
                // not paced: in the task of routing's step, which reads the same records and asks for their commits
                .process(() -> new SpikeSteps.ContributionStep(reader, spikes.clock(), spikes.pruneInterval(), json),
                        Named.as("spike-contributions"), SpikeSteps.CONTRIBUTIONS)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(SpikeSteps.BY_COUNTY))
                .process(pace.paced(() -> new SpikeSteps.CountyStep(spikes.audience(), spikes.clock(),
                        spikes.checkInterval(), json)), Named.as("county-spikes"), SpikeSteps.COUNTIES);
        KStream<String, byte[]> matchAlerts = routed.changes()
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(EntitySteps.BY_VALUE)
                        .withNumberOfPartitions(matches.partitions()).withStreamPartitioner(EntitySteps::partitions))
                .process(pace.paced(() -> new EntitySteps.ValueStep(matches.settings(), matches.common(),
                        matches.pruneInterval(), json)), Named.as("entity-values"), EntitySteps.VALUES);
        // unnumbered and keyed by recipient: each agency's alerts in one partition, numbered by their readers
        routed.alerts().merge(spikeAlerts, Named.as("routed-and-spikes"))
                .merge(matchAlerts, Named.as("and-entity-matches"))
                .to(alertsTopic, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("alerts"));
        return builder.build();
    }

    /** What routing's step sends: the alerts it makes, and the changes of reports' values for entity matching. */
    record Routed(KStream<String, byte[]> alerts, KStream<String, byte[]> changes) {
    }

    /**
     * Routing's step on the reports, its records split by form: the changes, in entity matching's binary form, go on
     * to be repartitioned by value; the alerts (JSON) to their recipients.
     */
    static Routed routed(KStream<String, byte[]> reports,
            ProcessorSupplier<String, byte[], String, byte[]> step) {
        Map<String, KStream<String, byte[]>> split = reports.process(step, Named.as("route"), ROUTES)
                .split(Named.as("routed-"))
                .branch((key, value) -> EntityCodec.isChanges(value), Branched.as("changes"))
                .defaultBranch(Branched.as("alerts"));
        return new Routed(split.get("routed-alerts"), split.get("routed-changes"));
    }

    /**
     * Step 1: routes each event of a report against the report's state, and sends the changes of the report's values
     * to entity matching; both are kept in the report's one {@link RouteEntry}. A sweep passes over the store a slice
     * at a time, deleting values an earlier version kept apart once older than the window.
     */
    static final class RouteStep implements Processor<String, byte[], String, byte[]> {

        /** How often the sweep takes its next slice of the store, and how many entries a slice reads at most. */
        static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);
        static final int SWEEP_SLICE = 2_000;

        private final CaseReportReader reader;
        private final AlertRoutingService routing;
        private final AlertRepository alerts;
        private final DeadLetters deadLetters;
        private final ObjectMapper json;
        private final AlertTraces traces;
        private final EntitySteps.ReportValues values;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> routes;
        /** The last key the sweep read, null to start the next slice at the store's first. */
        private String swept;
        /** Whether the sweep's pass so far found values kept under a key of their own (the earlier form). */
        private boolean earlierFormInPass;
        /** Whether a whole pass found none: no amendment looks for them any more (this version writes none). */
        private boolean earlierFormGone;

        RouteStep(CaseReportReader reader, AlertRoutingService routing, AlertRepository alerts, DeadLetters deadLetters,
                ObjectMapper json, AlertTraces traces, EntitySteps.ReportValues values) {
            this.reader = reader;
            this.routing = routing;
            this.alerts = alerts;
            this.deadLetters = deadLetters;
            this.json = json;
            this.traces = traces;
            this.values = values;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.routes = context.getStateStore(ROUTES);
            context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, at -> sweep(Instant.ofEpochMilli(at)));
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Context traced = AlertTraces.parentOf(record.headers());
            if (traced == null) {
                route(record, null);
                return;
            }
            RecordMetadata where = context.recordMetadata().orElseThrow();
            Span span = traces.consuming("route case-report", traced, where.topic(), record.key()).startSpan();
            try {
                route(record, span);
            } finally {
                span.end();
            }
        }

        /** Routes the record and matches its values; {@code span}, when traced, goes on in each alert's headers. */
        private void route(Record<String, byte[]> record, Span span) {
            CaseReportReader.Read read = reader.read(record.value());
            if (read.defect() != null) {
                deadLetter(record, read.defect(), read.cause());
                return;
            }
            CaseReportEvent event = read.event();
            String key = event.reportId().toString();
            byte[] stored = routes.get(key);
            // the entry's two parts are read apart: one that cannot be read stops only what needs it
            RouteState before = null;
            boolean routable = true;
            AlertRoutingService.Routed routed = null;
            try {
                before = RouteEntry.routeOf(json, stored);
            } catch (RuntimeException e) {
                routable = false;
                LOG.errorf(e, "Report %s: its stored route state cannot be read; its values are still matched, and "
                        + "once the entry is written again, the state is rebuilt from the alerts stored in PostgreSQL",
                        event.reportId());
                deadLetter(record, "report " + event.reportId() + " v" + event.version() + ": its stored route state "
                        + "cannot be read: " + e.getClass().getName(), e);
            }
            if (routable) {
                try {
                    routed = routing.route(event, stateOf(event, before));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Report %s v%d (event %s) can never be routed", event.reportId(), event.version(),
                            event.eventId());
                    deadLetter(record, "report " + event.reportId() + " v" + event.version() + " cannot be routed: "
                            + e.getClass().getName(), e);
                }
            }
            List<Record<String, byte[]>> changes = new ArrayList<>(2);
            EarlierValues earlier = earlierValues(event, key, stored);
            // the last version either part took: a repeated or late version changes neither
            int last = Math.max(before == null ? 0 : before.version(),
                    earlier.held() == null ? 0 : earlier.held().version());
            Matched matched = match(event, earlier, last, record.timestamp(), changes);
            if (routed != null || matched.changed()) {
                byte[] next = new RouteEntry(routed != null ? routed.state() : before, matched.held()).write(json);
                if (next == null) {
                    if (stored != null) {
                        routes.delete(key);
                    }
                } else if (!Arrays.equals(next, stored)) {
                    routes.put(key, next);
                }
                if (earlier.key() != null && matched.changed()) {
                    routes.delete(earlier.key()); // taken over by the entry
                }
            }
            if (routed != null) {
                if (span != null) {
                    span.setAttribute(AlertTraces.REPORT, key);
                    span.setAttribute(AlertTraces.ALERTS, (long) routed.alerts().size());
                }
                for (Alert alert : routed.alerts()) {
                    RecordHeaders headers = cloudEvent(alert);
                    if (span != null) {
                        AlertTraces.carry(span, headers);
                    }
                    context.forward(new Record<>(alert.recipient(), write(alert), record.timestamp(), headers));
                }
            }
            changes.forEach(context::forward);
        }

        /**
         * What the report held before this version ({@code held}: in its entry, or where versions before
         * {@link RouteEntry} kept it, under {@code key}), and what its entry holds ({@code inEntry}: null for
         * nothing, or values that cannot be read).
         */
        private record EarlierValues(EntitySteps.Held held, EntitySteps.Held inEntry, String key) {
        }

        /**
         * The values the report held: in its entry, or, while the store may still have them in the earlier form, for
         * a report whose entry holds none (a new report's first version does not look), under a key of their own.
         * Values that cannot be read count as none, and are replaced at the report's next version.
         */
        private EarlierValues earlierValues(CaseReportEvent event, String key, byte[] stored) {
            if (RouteEntry.withValues(stored)) {
                try {
                    EntitySteps.Held held = RouteEntry.heldOf(json, stored);
                    return new EarlierValues(held, held, null);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Report %s: its stored values cannot be read, and count as none", event.reportId());
                    return new EarlierValues(null, null, null);
                }
            }
            if (earlierFormGone || (stored == null && event.version() == 1)) {
                return new EarlierValues(null, null, null);
            }
            String earlierKey = EntitySteps.REPORTS_PREFIX + key;
            byte[] earlier = routes.get(earlierKey);
            if (earlier == null) {
                return new EarlierValues(null, null, null);
            }
            try {
                return new EarlierValues(EntityCodec.readHeld(earlier, json), null, earlierKey);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Report %s: the values an earlier version kept cannot be read, and count as none",
                        event.reportId());
                return new EarlierValues(null, null, earlierKey);
            }
        }

        /** What the report's entry is to hold of its values, and whether this version changed that. */
        private record Matched(EntitySteps.Held held, boolean changed) {
        }

        /**
         * Adds to {@code changes} the records of a new version's values against what the report held before, and
         * says what the entry is to hold: what it holds, unchanged, for a version not newer than {@code last}, or
         * when the values cannot be read.
         */
        private Matched match(CaseReportEvent event, EarlierValues earlier, int last, long timestamp,
                List<Record<String, byte[]>> changes) {
            if (event.version() <= last) {
                return new Matched(earlier.inEntry(), false);
            }
            try {
                EntitySteps.Held after = values.changes(event, earlier.held(), timestamp, changes::add);
                return new Matched(after, after != earlier.inEntry() || earlier.key() != null);
            } catch (RuntimeException e) {
                // a report whose values cannot be matched is still routed
                changes.clear();
                LOG.errorf(e, "Report %s v%d: its values are not matched", event.reportId(), event.version());
                return new Matched(earlier.inEntry(), false);
            }
        }

        /**
         * The next slice of the sweep over the store: values in the earlier form (under a key of their own) are deleted
         * once older than the window (or unreadable). A whole pass that finds none in the earlier form ends the
         * amendments' lookups of them. A report's entry keeps its values whatever their age.
         */
        private void sweep(Instant now) {
            if (swept == null) {
                earlierFormInPass = false;
            }
            List<String> delete = new ArrayList<>();
            int read = 0;
            boolean more;
            try (KeyValueIterator<String, byte[]> entries = swept == null ? routes.all()
                    : routes.range(swept, null)) {
                while (entries.hasNext() && read < SWEEP_SLICE) {
                    KeyValue<String, byte[]> entry = entries.next();
                    if (entry.key.equals(swept)) {
                        continue; // where the last slice ended
                    }
                    read++;
                    swept = entry.key;
                    if (entry.key.startsWith(EntitySteps.REPORTS_PREFIX)) {
                        sweepEarlierForm(entry, now, delete);
                    }
                }
                more = entries.hasNext();
            }
            delete.forEach(routes::delete);
            if (!delete.isEmpty()) {
                LOG.debugf("Routing's store swept: %d values in the earlier form deleted", delete.size());
            }
            if (!more) {
                swept = null;
                if (!earlierFormInPass && !earlierFormGone) {
                    earlierFormGone = true;
                    LOG.infof("Routing's store holds no values in the earlier form (%s<id>): amendments no longer "
                            + "look for them", EntitySteps.REPORTS_PREFIX);
                }
            }
        }

        private void sweepEarlierForm(KeyValue<String, byte[]> entry, Instant now, List<String> delete) {
            EntitySteps.Held held = null;
            try {
                held = EntityCodec.readHeld(entry.value, json);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Values kept under %s cannot be read: deleted", entry.key);
            }
            if (held == null || values.expired(held, now)) {
                delete.add(entry.key);
            } else {
                earlierFormInPass = true;
            }
        }

        /**
         * The report's route state; for an amendment of a report this store never routed (routed before routing moved
         * to Kafka, or a store lost with its changelog), the state rebuilt from the alerts stored in PostgreSQL.
         */
        private RouteState stateOf(CaseReportEvent event, RouteState stored) {
            if (stored != null || event.version() == 1) {
                return stored;
            }
            RouteState rebuilt = QuarkusTransaction.requiringNew().call(() -> alerts.routeState(event.reportId()));
            if (rebuilt != null) {
                LOG.infof("Report %s: state rebuilt from its stored alerts (v%d, %d recipients)", event.reportId(),
                        rebuilt.version(), rebuilt.recipients().size());
            }
            return rebuilt;
        }

        private void deadLetter(Record<String, byte[]> record, String reason, Throwable cause) {
            RecordMetadata where = context.recordMetadata().orElseThrow();
            try {
                deadLetters.send(where.topic(), where.partition(), where.offset(), record.key(), record.value(),
                        record.headers(), reason, cause);
            } catch (DeadLetters.NotSent e) {
                // the stream thread fails and is replaced: the event is routed again from the last commit
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        private byte[] write(Object value) {
            return StoredJson.write(json, value);
        }
    }

    /** The alert's CloudEvents headers, made where the alert is an object. */
    static RecordHeaders cloudEvent(Alert alert) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", alert.id().toString());
        header(headers, "ce_type", CE_TYPE_PREFIX + alert.msgType().name());
        header(headers, "ce_source", CE_SOURCE);
        header(headers, "ce_time", IsoInstant.format(alert.createdAt()));
        header(headers, "ce_subject", alert.recipient());
        header(headers, "content-type", "application/json");
        return headers;
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
