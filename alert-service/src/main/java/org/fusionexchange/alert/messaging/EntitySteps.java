package org.fusionexchange.alert.messaging;

import static org.fusionexchange.alert.messaging.StoredJson.write;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fusionexchange.alert.repository.CommonValueRepository;
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AlertTopic;
import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.EntityMatchSettings;
import org.fusionexchange.alert.service.MatchRules;
import org.fusionexchange.alert.service.MatchRules.Change;
import org.fusionexchange.alert.service.MatchRules.Decision;
import org.fusionexchange.alert.service.MatchRules.Entity;
import org.fusionexchange.alert.service.MatchRules.Level;
import org.fusionexchange.alert.service.MatchRules.Message;
import org.fusionexchange.alert.service.MatchRules.Sighting;
import org.fusionexchange.alert.service.MatchRules.ValueState;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cross-agency entity matches, two steps of the routing topology (see {@link RoutingTopology}) under the same
 * exactly-once processing:
 * <ol>
 * <li>{@link ReportValues}, in routing's own step, keyed by report: the report's phones, VINs and plates as value keys
 * (kept in the report's {@link RouteEntry} beside routing's state: one store read, write and changelog record for
 * both); each version sends every value it holds, and a Change that takes one away (a retraction, or an amendment
 * without it): one record per partition of the by-value topic, holding the changes of the values that partition
 * holds, keyed by the first of them.</li>
 * <li>{@link ValueStep}, keyed by value after the repartition {@code <application.id>-entities-by-value}: the reports
 * that contained the value and what each side of each match was told (store {@value #VALUES}), decided by
 * {@link MatchRules}. Its alerts go to the recipients' numbering like routing's.</li>
 * </ol>
 * The value store forgets the reports older than the window every {@code prune interval}, except those of matches
 * still held by their recipients; what each side was told stays until the match is withdrawn. A report's values stay
 * in its entry whatever their age, so that its retraction or amendment still reaches the value step. The changes, the values' states and what each
 * report held are written in {@link EntityCodec}'s binary form.
 */
final class EntitySteps {

    /**
     * Where versions before {@link RouteEntry} kept a report's values: in routing's own store
     * ({@value RoutingTopology#ROUTES}), under this and the report's id. Still read, and moved at the report's next
     * version; routing's sweep deletes them past the window. This and its readers can go once every deployment has
     * run a version with {@link RouteEntry} for the window (90 days by default) and a sweep's pass.
     */
    static final String REPORTS_PREFIX = "entities:";
    static final String VALUES = "entity-values";
    static final String BY_VALUE = "entities-by-value";

    private static final Logger LOG = Logger.getLogger(EntitySteps.class);

    private EntitySteps() {
    }

    /** A report's values at its last version, and when that version was filed. */
    record Held(int version, Instant seen, Map<String, Entity> values) {
        Held {
            values = values == null ? Map.of() : values;
        }
    }

    /** The values of a report's version that entity matches compare, by key; none for a retracted report. */
    static Map<String, Entity> values(CaseReportEvent event) {
        Map<String, Entity> values = new LinkedHashMap<>();
        CaseReportEvent.Entities entities = event.report().entities();
        if (event.retracted() || entities == null) {
            return values;
        }
        for (CaseReportEvent.Phone phone : entities.phones()) {
            add(values, MatchRules.phone(phone.e164(), phone.number()));
        }
        for (CaseReportEvent.Vehicle vehicle : entities.vehicles()) {
            CaseReportEvent.Normalized n = vehicle.normalized();
            if (n == null) {
                continue;
            }
            add(values, MatchRules.vin(n.vin(), n.vinCheck(), vehicle.vin()));
            add(values, MatchRules.plate(n.plate(), n.plateState(), event.report().jurisdiction(),
                    vehicle.plate() == null ? null : vehicle.plate() + " (" + vehicle.plateState() + ")"));
        }
        return values;
    }

    private static void add(Map<String, Entity> values, Entity entity) {
        if (entity != null) {
            values.putIfAbsent(entity.key(), entity);
        }
    }

    /**
     * The partition of the by-value topic that holds a value: the Kafka producer's own choice for the key (murmur2 of
     * its UTF-8 bytes), so that a record of one change, keyed by its value as earlier versions wrote them, lands where
     * a record of several does.
     */
    static int partitionOf(String valueKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(valueKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Sends each record of the by-value topic to the partition of the value its key names. */
    static Optional<Set<Integer>> partitions(String topic, String valueKey, byte[] changes, int partitions) {
        return Optional.of(Set.of(partitionOf(valueKey, partitions)));
    }

    /**
     * Step 1, inside routing's own step ({@link RoutingTopology.RouteStep}), which keeps what each report held in the
     * report's {@link RouteEntry}: a version's values go out by the by-value topic's partition, with what is gone.
     */
    static final class ReportValues {

        private final EntityMatchSettings settings;
        private final int partitions;

        ReportValues(EntityMatchSettings settings, int partitions) {
            this.settings = settings;
            this.partitions = partitions;
        }

        /**
         * Whether what a report held is older than the window at {@code now}: only values an earlier version kept under
         * a key of their own are then deleted. A report's entry keeps its values whatever their age: a match made
         * while the report was within the window stays with its recipient until withdrawn, and the report's retraction
         * or amendment must still take the values back for the value step to send its Cancel or Update.
         */
        boolean expired(Held held, Instant now) {
            return held.seen().isBefore(now.minus(settings.window()));
        }

        /**
         * Sends the changes of a new version's values against what the report held before (null for nothing), one
         * record per partition of the by-value topic keyed by its first value (which puts it there), and returns what
         * the report holds now (null for nothing).
         */
        Held changes(CaseReportEvent event, Held before, long timestamp, Consumer<Record<String, byte[]>> forward) {
            Map<String, Entity> now = values(event);
            if (before == null && now.isEmpty()) {
                return null; // nothing to match, nothing to take back
            }
            CaseReportEvent.Report report = event.report();
            String tlp = report.marking() == null ? null : report.marking().tlp();
            Map<Integer, List<Change>> byPartition = new TreeMap<>();
            for (Entity entity : now.values()) {
                add(byPartition, Change.present(new Sighting(event.reportId(), event.agency(), event.version(), tlp,
                        report.headline(), report.jurisdiction(), entity, event.time())));
            }
            if (before != null) {
                CancelReason why = event.retracted() ? CancelReason.RETRACTED : CancelReason.ENTITY_REMOVED;
                before.values().values().stream().filter(e -> !now.containsKey(e.key())).forEach(e -> add(byPartition,
                        Change.gone(new Sighting(event.reportId(), event.agency(), event.version(), tlp, null, null,
                                e, event.time()), why)));
            }
            for (List<Change> changes : byPartition.values()) {
                forward.accept(new Record<>(changes.get(0).sighting().entity().key(), EntityCodec.write(changes),
                        timestamp, new RecordHeaders()));
            }
            return now.isEmpty() ? null : new Held(event.version(), event.time(), now);
        }

        private void add(Map<Integer, List<Change>> byPartition, Change change) {
            byPartition.computeIfAbsent(partitionOf(change.sighting().entity().key(), partitions),
                    p -> new ArrayList<>(2)).add(change);
        }

    }

    /** Step 2: a value's reports and matches; its alerts go out keyed by recipient, unnumbered. */
    static final class ValueStep implements Processor<String, byte[], String, byte[]> {

        private final EntityMatchSettings settings;
        private final CommonValueRepository common;
        private final Duration pruneInterval;
        private final ObjectMapper json;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> values;

        ValueStep(EntityMatchSettings settings, CommonValueRepository common, Duration pruneInterval, ObjectMapper json) {
            this.settings = settings;
            this.common = common;
            this.pruneInterval = pruneInterval;
            this.json = json;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.values = context.getStateStore(VALUES);
            context.schedule(pruneInterval, PunctuationType.WALL_CLOCK_TIME, at -> prune());
        }

        @Override
        public void process(Record<String, byte[]> record) {
            List<Change> changes;
            try {
                changes = EntityCodec.readChanges(record.value(), json);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Entity record keyed %s cannot be read: its changes are not matched", record.key());
                return;
            }
            for (Change change : changes) {
                try {
                    decide(change.sighting().entity().key(), change, record);
                } catch (RuntimeException e) {
                    // a value whose state cannot be read or decided must not stop the partition's other values
                    LOG.errorf(e, "Entity record keyed %s: a change was not matched", record.key());
                }
            }
        }

        private void decide(String key, Change change, Record<String, byte[]> record) {
            byte[] stored = values.get(key);
            if (stored != null && EntityCodec.markedCommon(stored)) {
                // most reports of a common value are decided by its head, without reading its matches; any other
                // value's state is read once, whole, below
                EntityCodec.Head head = EntityCodec.readHead(stored, json);
                if (MatchRules.leavesUnchanged(head.common(), head.lastSeen(), head.sightings(), change)) {
                    return;
                }
            }
            ValueState state = stored == null ? ValueState.empty() : EntityCodec.readState(stored, json);
            Decision decision = MatchRules.apply(state, change, settings.forValue(key));
            if (decision.common()) {
                Entity entity = change.sighting().entity();
                LOG.warnf("Entity value %s is in %d reports within %s: it starts no new match, and is a candidate for "
                        + "the directory's ignore list", key, decision.reports(), settings.window());
                common.seen(key, entity.kind().name(), entity.value(), entity.plateState(), decision.reports(),
                        change.sighting().seen());
            }
            if (!decision.messages().isEmpty()) {
                LOG.infof("Entity match on a %s: %d messages (%s)", change.sighting().entity().kind(),
                        decision.messages().size(), decision.messages().stream().map(m -> m.msgType() + " to "
                                + m.told().recipient()).toList());
            }
            Instant at = Instant.ofEpochMilli(context.currentSystemTimeMs()).truncatedTo(ChronoUnit.MICROS);
            for (Message m : decision.messages()) {
                Alert alert = alert(m, change, at);
                context.forward(new Record<>(m.told().recipient(), write(json, alert), record.timestamp(),
                        RoutingTopology.cloudEvent(alert)));
            }
            if (decision.state() != state) {
                save(key, decision.state());
            }
        }

        private void prune() {
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            List<KeyValue<String, byte[]>> all = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = values.all()) {
                it.forEachRemaining(all::add);
            }
            for (KeyValue<String, byte[]> entry : all) {
                ValueState state = EntityCodec.readState(entry.value, json);
                ValueState pruned = MatchRules.prune(state, now, settings.window());
                if (pruned != state) {
                    save(entry.key, pruned);
                }
            }
        }

        private void save(String key, ValueState state) {
            if (state.isEmpty()) {
                values.delete(key);
            } else {
                values.put(key, EntityCodec.write(state));
            }
        }
    }

    /**
     * One side of a match as an alert. What the other report gives is decided by its level: FULL its headline (its
     * marking is the alert's), CONTACT its agency only (the alert is TLP:AMBER+STRICT). The area is the recipient's
     * own report's jurisdiction; nothing else of the other report is in it. A Cancel carries the match's id and
     * version only.
     */
    static Alert alert(Message m, Change change, Instant at) {
        MatchRules.Told told = m.told();
        if (m.msgType() == MsgType.Cancel) {
            return new Alert(m.alertId(), 0, told.recipient(), null, m.cancelReason(), null, null, m.references(), null,
                    null, null, MsgType.Cancel, null, null, null, null, null, null, null,
                    new Alert.Match(told.matchId(), told.version(), null, null, null, null, null, null, null),
                    change.sighting().seen(), at, null);
        }
        Sighting own = m.own();
        Sighting other = m.other();
        Entity entity = own.entity();
        boolean full = told.level() == Level.FULL;
        String what = switch (entity.kind()) {
            case PHONE -> "Phone " + entity.value();
            case VIN -> "VIN " + entity.value();
            case PLATE -> "Plate " + entity.value() + " (" + entity.plateState() + ")";
        };
        String headline = full ? what + " is also in a report of " + other.agency() + ": " + other.headline()
                : what + " is also in a report of " + other.agency() + ": contact the originator";
        String tlp = told.tlp();
        return new Alert(m.alertId(), 0, told.recipient(), Reason.ENTITY_MATCH, null, null, null, m.references(),
                other.agency(), AlertTopic.ENTITY_MATCH.id(), "Actual", m.msgType(), "Expected", Severity.Moderate,
                "Likely", headline, new Alert.Area(own.jurisdiction(), null), new Alert.Marking(tlp), null,
                new Alert.Match(told.matchId(), told.version(), entity.kind().name(), entity.value(),
                        entity.plateState(), entity.vinCheck(), entity.written(), own.reportId(), full ? null : true),
                change.sighting().seen(), at, null);
    }
}
