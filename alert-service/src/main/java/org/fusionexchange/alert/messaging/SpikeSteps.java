package org.fusionexchange.alert.messaging;

import static org.fusionexchange.alert.messaging.StoredJson.read;
import static org.fusionexchange.alert.messaging.StoredJson.write;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AlertTopic;
import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;
import org.fusionexchange.alert.service.SpikeAudience;
import org.fusionexchange.alert.service.SpikeClock;
import org.fusionexchange.alert.service.SpikeRules;
import org.fusionexchange.alert.service.SpikeRules.Contribution;
import org.fusionexchange.alert.service.SpikeRules.CountyState;
import org.fusionexchange.alert.service.SpikeRules.Decision;
import org.fusionexchange.alert.service.SpikeRules.Delta;
import org.fusionexchange.alert.service.SpikeRules.WindowCount;
import org.fusionexchange.alert.service.Tlp;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Overdose spike detection, two steps of the routing topology (see {@link RoutingTopology}) under the same
 * exactly-once processing:
 * <ol>
 * <li>{@link ContributionStep}, keyed by report: what each report version adds to the counts (store
 * {@value #CONTRIBUTIONS}); a change goes out as deltas keyed by county.</li>
 * <li>{@link CountyStep}, keyed by county after the repartition {@code <application.id>-overdose-by-county}: the
 * county's 5-minute buckets and its spike (store {@value #COUNTIES}), decided by {@link SpikeRules} at each delta and,
 * for spikes in progress, every {@code alert.spikes.check-interval}. Its alerts go to the recipients' numbering like
 * routing's.</li>
 * </ol>
 */
final class SpikeSteps {

    static final String CONTRIBUTIONS = "spike-contributions";
    static final String COUNTIES = "county-spikes";
    static final String BY_COUNTY = "overdose-by-county";

    private static final Logger LOG = Logger.getLogger(SpikeSteps.class);

    private SpikeSteps() {
    }

    /** What a report counted for at its last version, and that version (so that a redelivery changes nothing). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Counted(int version, Contribution contribution) {
    }

    /** Step 1: a report's contribution to the counts, kept per report; a change goes out as deltas by county. */
    static final class ContributionStep extends PerReportStep<Counted> {

        private final SpikeClock clock;

        ContributionStep(CaseReportReader reader, SpikeClock clock, Duration pruneInterval, ObjectMapper json) {
            super(reader, CONTRIBUTIONS, "", Counted.class, Counted::version, pruneInterval, json);
            this.clock = clock;
        }

        @Override
        protected boolean concerns(CaseReportEvent event) {
            return contribution(event) != null;
        }

        /** What the version counts for, whenever it occurred. */
        private static Contribution contribution(CaseReportEvent event) {
            CaseReportEvent.Report report = event.report();
            return SpikeRules.contribution(report.type(), event.retracted(),
                    report.marking() == null ? null : report.marking().tlp(), report.jurisdiction(),
                    report.occurredAt(), report.overdose() != null && report.overdose().fatal(),
                    report.overdose() != null && report.overdose().naloxoneAdministered());
        }

        @Override
        protected void process(Record<String, byte[]> record, CaseReportEvent event, Counted before) {
            Contribution now = contribution(event);
            if (now != null && !SpikeRules.countable(now.occurredAt(), clock.now())) {
                LOG.debugf("Report %s v%d occurred at %s, more than %s ago: not counted", event.reportId(),
                        event.version(), now.occurredAt(), SpikeRules.LATENESS);
                now = null;
            }
            Contribution was = before == null ? null : before.contribution();
            if (was == null && now == null) {
                if (before != null) {
                    save(event, new Counted(event.version(), null));
                }
                return;
            }
            save(event, new Counted(event.version(), now));
            for (Delta delta : SpikeRules.deltas(was, now)) {
                context.forward(new Record<>(delta.county(), write(json, delta), record.timestamp(),
                        new RecordHeaders()));
            }
        }

        /** Forgets reports that occurred too long ago to be in any window still kept. */
        @Override
        protected void prune() {
            Instant oldest = clock.now().minus(SpikeRules.RETENTION);
            StoredJson.deleteWhere(store, keyPrefix, json, Counted.class,
                    c -> c.contribution() == null || c.contribution().occurredAt().isBefore(oldest));
        }
    }

    /** Step 2: a county's counts and spike; its alerts go out keyed by recipient, unnumbered. */
    static final class CountyStep implements Processor<String, byte[], String, byte[]> {

        private final SpikeAudience audience;
        private final SpikeClock clock;
        private final Duration checkInterval;
        private final ObjectMapper json;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> counties;
        /**
         * Each county's state as this step last read or wrote it, with the bytes it is stored as. A county's next
         * overdose finds the same bytes in the store and decodes nothing: in session 40's pipeline profile, reading the
         * county's JSON at every overdose was 2.2% of alert-service's samples outside the JIT compiler, 0.36% after
         * this (deploy/bench/README.md, session 43). The
         * bytes are compared, so a store restored or changed under the step is read again; one entry per county in
         * the store, removed with it.
         */
        private final Map<String, Decoded> decoded = new HashMap<>();
        /** How often a county's state was decoded from its bytes, for the tests. */
        private long decodes;

        /** A county's state and the bytes it is stored as. */
        private record Decoded(byte[] bytes, CountyState state) {
        }

        CountyStep(SpikeAudience audience, SpikeClock clock, Duration checkInterval, ObjectMapper json) {
            this.audience = audience;
            this.clock = clock;
            this.checkInterval = checkInterval;
            this.json = json;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.counties = context.getStateStore(COUNTIES);
            context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, at -> check());
        }

        @Override
        public void process(Record<String, byte[]> record) {
            String county = record.key();
            Delta delta = read(json, record.value(), Delta.class);
            Instant now = clock.now();
            CountyState state = stateOf(county);
            // the spike's last time above its thresholds is now, if it is, before the delta takes a report away
            state = SpikeRules.touch(state, audience.thresholds(county), now);
            state = SpikeRules.apply(state, delta);
            save(county, decideAndSend(county, state, now, record.timestamp()));
        }

        /** Every county with a spike in progress: is it over, or did time move a window? Old counts go. */
        private void check() {
            Instant now = clock.now();
            // the records' own timestamp is the wall clock's, whatever time the spikes are decided at (a test moves
            // the spike clock hours ahead; the broker refuses timestamps that far in the future)
            long timestamp = context.currentSystemTimeMs();
            List<KeyValue<String, byte[]>> all = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = counties.all()) {
                it.forEachRemaining(all::add);
            }
            for (KeyValue<String, byte[]> entry : all) {
                CountyState state = SpikeRules.prune(decode(entry.key, entry.value), now);
                if (state.spike() != null) {
                    state = decideAndSend(entry.key, state, now, timestamp);
                }
                save(entry.key, state);
            }
        }

        private CountyState decideAndSend(String county, CountyState state, Instant now, long timestamp) {
            Decision decision = SpikeRules.decide(state, audience.thresholds(county), now,
                    () -> audience.recipients(county));
            if (!decision.messages().isEmpty()) {
                MsgType kind = decision.messages().get(0).msgType();
                LOG.infof("Overdose spike %s in %s: %s to %d agencies (version %d)", decision.spike().id(), county,
                        decision.state().spike() == null ? "Cancel" : kind, decision.messages().size(),
                        decision.spike().version());
            }
            // when the alert is made: the wall clock, like the record's timestamp, whatever time the spike is decided
            // at (a test moves the spike clock hours ahead; its alerts must not look made in the future)
            Instant at = Instant.ofEpochMilli(context.currentSystemTimeMs()).truncatedTo(ChronoUnit.MICROS);
            for (SpikeRules.Message m : decision.messages()) {
                Alert alert = alert(county, decision, m, at);
                context.forward(new Record<>(m.recipient(), write(json, alert), timestamp,
                        RoutingTopology.cloudEvent(alert)));
            }
            return decision.state();
        }

        private Alert alert(String county, Decision decision, SpikeRules.Message m, Instant at) {
            SpikeRules.Spike spike = decision.spike();
            if (m.msgType() == MsgType.Cancel) {
                return new Alert(m.alertId(), 0, m.recipient(), null, CancelReason.SPIKE_ENDED, null, null,
                        m.references(), null, null, null, MsgType.Cancel, null, null, null, null, null, null,
                        new Alert.Spike(spike.id(), spike.version(), null, null, null), at, at, null);
            }
            List<Alert.Window> windows = decision.windows().stream().map(SpikeSteps::window).toList();
            boolean doubled = !spike.doubled().isEmpty();
            // no originator: the exchange found it, no agency reported it
            return new Alert(m.alertId(), 0, m.recipient(), Reason.SPIKE, null, null, null, m.references(), null,
                    AlertTopic.OVERDOSE_SPIKE.id(), "Actual", m.msgType(), "Expected",
                    doubled ? Severity.Extreme : Severity.Severe, "Likely", headline(county, decision.windows()),
                    new Alert.Area(county, null), new Alert.Marking(Tlp.AMBER.wire()),
                    new Alert.Spike(spike.id(), spike.version(), county, audience.neighbours(county), windows), at,
                    at, null);
        }

        private CountyState stateOf(String county) {
            byte[] stored = counties.get(county);
            if (stored == null) {
                decoded.remove(county);
                return CountyState.empty();
            }
            return decode(county, stored);
        }

        /** The county's state stored as {@code stored}: as last decoded or written, if those are its bytes. */
        private CountyState decode(String county, byte[] stored) {
            Decoded last = decoded.get(county);
            if (last != null && Arrays.equals(last.bytes(), stored)) {
                return last.state();
            }
            CountyState state = read(json, stored, CountyState.class);
            decodes++;
            decoded.put(county, new Decoded(stored, state));
            return state;
        }

        long decodes() {
            return decodes;
        }

        private void save(String county, CountyState state) {
            if (state.isEmpty()) {
                counties.delete(county);
                decoded.remove(county);
            } else {
                byte[] bytes = write(json, state);
                counties.put(county, bytes);
                decoded.put(county, new Decoded(bytes, state));
            }
        }
    }

    /** "Overdose spike in US-FL-12057: 4 in 1 h (threshold 3)": the window furthest over its threshold. */
    static String headline(String county, List<WindowCount> windows) {
        WindowCount top = windows.get(0);
        for (WindowCount w : windows) {
            if ((double) w.count() / w.threshold() > (double) top.count() / top.threshold()) {
                top = w;
            }
        }
        String size = switch (top.size()) {
            case HOUR -> "1 h";
            case SIX_HOURS -> "6 h";
            case DAY -> "24 h";
        };
        return "Overdose spike in " + county + ": " + top.count() + " in " + size + " (threshold " + top.threshold()
                + ")";
    }

    private static Alert.Window window(WindowCount w) {
        return new Alert.Window(w.size().iso(), w.start(), w.end(), w.count(), w.fatal(), w.count() - w.fatal(),
                w.naloxone(), w.threshold());
    }
}
