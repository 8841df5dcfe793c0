package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.DemoDirectory;
import org.fusionexchange.alert.service.AlertRouter;
import org.fusionexchange.alert.service.AlertRoutingService;
import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.EntityMatchSettings;
import org.fusionexchange.alert.service.MatchRules;
import org.fusionexchange.alert.service.MatchRules.Change;
import org.fusionexchange.alert.service.RouteState;
import org.fusionexchange.alert.tracing.AlertTraces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * Routing's step keeps a report's route state and the values entity matching compares in one entry of its store, on
 * Kafka Streams' in-process driver (the whole topology, with its repartition and transactions, is tested against
 * the real broker by EntityMatchTest and TwoInstancesIT): what each version stores and sends, per output, and how
 * it takes over the values earlier versions kept under a key of their own.
 */
class RouteStepTest {

    private static final Duration WINDOW = Duration.ofDays(90);
    private static final Duration SWEEP = RoutingTopology.RouteStep.SWEEP_INTERVAL;
    private static final String PHONE = MatchRules.phone("+18135550123", "+18135550123").key();
    private static final String PLATE = MatchRules.plate("ABC1234", "FL", "US-FL-12057", null).key();

    private final ObjectMapper json = RouteEntryTest.mapper();
    @TempDir
    Path state;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> reports;
    private TestOutputTopic<String, byte[]> alerts;
    private TestOutputTopic<String, byte[]> changes;
    private KeyValueStore<String, byte[]> routes;

    private final DirectoryView directory = new DirectoryView();
    /** The reasons of the events dead-lettered. */
    private final List<String> deadLettered = new ArrayList<>();
    private final DeadLetters deadLetters = new DeadLetters(null, null, new SimpleMeterRegistry()) {
        @Override
        public void send(String topic, int partition, long offset, String key, byte[] value, Headers original,
                String reason, Throwable cause) {
            deadLettered.add(reason);
        }
    };

    @BeforeEach
    void driver() {
        DemoDirectory.agencies().forEach(directory::apply);
        driver(new AlertRoutingService(new AlertRouter(), directory, new SimpleMeterRegistry()));
    }

    private void driver(AlertRoutingService routing) {
        EntitySteps.ReportValues values = new EntitySteps.ReportValues(
                new EntityMatchSettings(directory, WINDOW, 50), 2);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RoutingTopology.ROUTES),
                Serdes.String(), Serdes.ByteArray()));
        RoutingTopology.Routed routed = RoutingTopology.routed(
                builder.stream("case-reports", Consumed.with(Serdes.String(), Serdes.ByteArray())),
                () -> new RoutingTopology.RouteStep(new CaseReportReader(json), routing, null, deadLetters, json,
                        new AlertTraces(OpenTelemetry.noop()), values));
        routed.alerts().to("alerts", Produced.with(Serdes.String(), Serdes.ByteArray()));
        routed.changes().to("changes", Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "route-step-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(builder.build(), config, Instant.now());
        reports = driver.createInputTopic("case-reports", new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), new ByteArrayDeserializer());
        changes = driver.createOutputTopic("changes", new StringDeserializer(), new ByteArrayDeserializer());
        routes = driver.getKeyValueStore(RoutingTopology.ROUTES);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aReportWithValuesKeepsThemInItsRouteEntryAndOneWithoutKeepsThePlainForm() {
        UUID withValues = UUID.randomUUID();
        send(event(withValues, 1, true, Instant.now()));
        Set<String> recipients = alerts.readKeyValuesToList().stream().map(kv -> kv.key).collect(Collectors.toSet());
        assertEquals(Set.of("DEA", "FL-FUSION", "HCSO", "TAMPA-BAY-TF"), recipients, "routed as before");
        List<Change> sent = changesSent();
        assertEquals(Set.of(PHONE, PLATE), keys(sent), "each value goes to matching");
        assertTrue(sent.stream().allMatch(c -> c.gone() == null && c.sighting().reportId().equals(withValues)));
        byte[] stored = routes.get(withValues.toString());
        assertTrue(RouteEntry.withValues(stored), "one entry holds both");
        RouteEntry entry = RouteEntry.read(json, stored);
        assertEquals(1, entry.route().version());
        assertEquals(Set.of(PHONE, PLATE), entry.held().values().keySet());
        assertNull(routes.get(EntitySteps.REPORTS_PREFIX + withValues), "no key of its own any more");

        UUID without = UUID.randomUUID();
        send(event(without, 1, false, Instant.now()));
        assertFalse(alerts.readKeyValuesToList().isEmpty());
        assertTrue(changes.isEmpty(), "nothing to match, nothing sent to matching");
        byte[] plain = routes.get(without.toString());
        assertEquals('{', plain[0], "the route state's JSON alone, as earlier versions stored it");
        assertEquals(1, RouteEntry.read(json, plain).route().version());
    }

    @Test
    void anAmendmentWithoutTheValuesTakesThemBackOnceAndKeepsTheRouteStateAlone() {
        UUID id = UUID.randomUUID();
        send(event(id, 1, true, Instant.now()));
        changes.readKeyValuesToList();
        alerts.readKeyValuesToList();

        send(event(id, 2, false, Instant.now()));
        List<Change> gone = changesSent();
        assertEquals(Set.of(PHONE, PLATE), keys(gone));
        assertTrue(gone.stream().allMatch(c -> c.gone() == CancelReason.ENTITY_REMOVED && c.sighting().version() == 2
                && c.sighting().headline() == null), "a Change that takes a value away carries no content: " + gone);
        RouteEntry entry = RouteEntry.read(json, routes.get(id.toString()));
        assertEquals(2, entry.route().version());
        assertNull(entry.held(), "nothing held any more");
        assertEquals(4, alerts.readKeyValuesToList().size(), "routed as before: an Update to each recipient");

        send(event(id, 3, false, Instant.now()));
        assertTrue(changes.isEmpty(), "nothing held, nothing to take back");
        alerts.readKeyValuesToList();
        send(event(id, 1, true, Instant.now()));
        assertTrue(changes.isEmpty(), "a late first version brings no value back");
        assertTrue(alerts.isEmpty(), "nor any alert");
        assertEquals(3, RouteEntry.read(json, routes.get(id.toString())).route().version());
        assertNull(RouteEntry.read(json, routes.get(id.toString())).held());
    }

    @Test
    void aRepeatedOrLateVersionSendsNothingAndChangesNothing() {
        UUID id = UUID.randomUUID();
        send(event(id, 1, true, Instant.now()));
        assertEquals(2, changesSent().size());
        alerts.readKeyValuesToList();
        byte[] first = routes.get(id.toString());
        send(event(id, 1, true, Instant.now()));
        assertTrue(changes.isEmpty(), "a repeated version sends its values again to no one");
        assertTrue(alerts.isEmpty(), "nor its alerts");
        assertArrayEquals(first, routes.get(id.toString()));

        send(event(id, 3, true, Instant.now()));
        assertEquals(2, changesSent().size());
        alerts.readKeyValuesToList();
        byte[] third = routes.get(id.toString());
        send(event(id, 2, false, Instant.now()));
        assertTrue(changes.isEmpty(), "a late version takes nothing back");
        assertTrue(alerts.isEmpty());
        assertArrayEquals(third, routes.get(id.toString()), "and the entry stays at the third version");
    }

    @Test
    void aRepeatedVersionOfAReportKeptInTheEarlierFormChangesNothing() {
        UUID id = UUID.randomUUID();
        seedEarlierForm(id, Instant.now());
        send(event(id, 1, true, Instant.now()));
        assertTrue(changes.isEmpty(), "version 1 again: its values were sent then");
        assertTrue(alerts.isEmpty());
        assertNotNull(routes.get(EntitySteps.REPORTS_PREFIX + id), "the earlier form stays until a new version");
        assertFalse(RouteEntry.withValues(routes.get(id.toString())));
    }

    @Test
    void routingThatFailsStillMatchesTheValuesAndAnUnreadablePartStopsOnlyWhatNeedsIt() {
        UUID failing = UUID.randomUUID();
        driver.close();
        driver(new AlertRoutingService(new AlertRouter(), directory, new SimpleMeterRegistry()) {
            @Override
            public Routed route(CaseReportEvent event, RouteState state) {
                if (event.reportId().equals(failing)) {
                    throw new IllegalStateException("cannot be routed");
                }
                return super.route(event, state);
            }
        });
        send(event(failing, 1, true, Instant.now()));
        assertEquals(1, deadLettered.size());
        assertTrue(deadLettered.get(0).contains("cannot be routed"), deadLettered.get(0));
        assertTrue(alerts.isEmpty());
        assertEquals(Set.of(PHONE, PLATE), keys(changesSent()), "its values are matched all the same");
        RouteEntry kept = RouteEntry.read(json, routes.get(failing.toString()));
        assertNull(kept.route(), "routing stored nothing");
        assertEquals(1, kept.held().version());

        // values that cannot be read count as none: the report is routed, and its values sent as new
        UUID badValues = UUID.randomUUID();
        byte[] good = new RouteEntry(route(1), RouteEntryTest.held(1, Instant.now())).write(json);
        routes.put(badValues.toString(), Arrays.copyOf(good, good.length - 1)); // the values cut short
        send(event(badValues, 2, true, Instant.now()));
        assertFalse(alerts.readKeyValuesToList().isEmpty(), "routed");
        assertTrue(changesSent().stream().allMatch(c -> c.gone() == null));
        assertEquals(2, RouteEntry.read(json, routes.get(badValues.toString())).held().version(), "replaced");

        // a route state that cannot be read: dead-lettered, its values still matched and kept
        UUID badRoute = UUID.randomUUID();
        routes.put(badRoute.toString(), "{\"version\":".getBytes(StandardCharsets.UTF_8));
        send(event(badRoute, 2, true, Instant.now()));
        assertEquals(2, deadLettered.size());
        assertTrue(deadLettered.get(1).contains("stored route state cannot be read"), deadLettered.get(1));
        assertTrue(alerts.isEmpty());
        assertEquals(Set.of(PHONE, PLATE), keys(changesSent()));
        RouteEntry rewritten = RouteEntry.read(json, routes.get(badRoute.toString()));
        assertNull(rewritten.route(), "the unreadable state is dropped: a later version rebuilds it from PostgreSQL");
        assertEquals(2, rewritten.held().version());
    }

    @Test
    void theSweepKeepsEntriesValuesAndDeletesTheEarlierFormPastTheWindowASliceAtATime() {
        Instant longAgo = Instant.now().minus(WINDOW).minus(Duration.ofDays(1));
        UUID old = UUID.randomUUID();
        byte[] oldEntry = new RouteEntry(route(1), RouteEntryTest.held(1, longAgo)).write(json);
        routes.put(old.toString(), oldEntry);
        int many = RoutingTopology.RouteStep.SWEEP_SLICE + 500;
        for (int i = 0; i < many; i++) {
            routes.put(EntitySteps.REPORTS_PREFIX + UUID.randomUUID(),
                    EntityCodec.write(RouteEntryTest.held(1, longAgo)));
        }
        UUID earlier = UUID.randomUUID();
        seedEarlierForm(earlier, Instant.now());

        driver.advanceWallClockTime(SWEEP);
        // a slice reads SWEEP_SLICE keys in key order: the earlier form's past the window are deleted, with the
        // entry and the recent earlier form's two keys perhaps among them
        long left = earlierFormKeys();
        long leastLeft = many + 1 - RoutingTopology.RouteStep.SWEEP_SLICE;
        assertTrue(left >= leastLeft && left <= leastLeft + 3, "one slice of keys read: " + left + " left");
        driver.advanceWallClockTime(SWEEP);
        assertEquals(1, earlierFormKeys(), "the next slice goes on where it stopped; the recent one stays");
        assertArrayEquals(oldEntry, routes.get(old.toString()),
                "a report's entry keeps its values past the window, for its retraction to take them back");

        // the earlier form is still there: amendments look for it
        send(event(earlier, 2, false, Instant.now()));
        assertEquals(Set.of(PHONE, PLATE), keys(changesSent()));
        // a whole pass without the earlier form ends the lookups (this version writes none: planted here)
        driver.advanceWallClockTime(SWEEP);
        driver.advanceWallClockTime(SWEEP);
        UUID planted = UUID.randomUUID();
        seedEarlierForm(planted, Instant.now());
        send(event(planted, 2, false, Instant.now()));
        assertTrue(changes.isEmpty(), "no amendment looks for the earlier form any more");
    }

    private long earlierFormKeys() {
        long n = 0;
        try (var all = routes.all()) {
            while (all.hasNext()) {
                n += all.next().key.startsWith(EntitySteps.REPORTS_PREFIX) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void valuesAnEarlierVersionKeptUnderAKeyOfTheirOwnAreTakenBackAndTheKeyDeleted() {
        UUID id = UUID.randomUUID();
        Instant filed = Instant.now().minus(Duration.ofDays(1));
        seedEarlierForm(id, filed);

        send(event(id, 2, false, Instant.now()));
        List<Change> gone = changesSent();
        assertEquals(Set.of(PHONE, PLATE), keys(gone), "the earlier version's values are taken back");
        assertTrue(gone.stream().allMatch(c -> c.gone() == CancelReason.ENTITY_REMOVED));
        assertNull(routes.get(EntitySteps.REPORTS_PREFIX + id), "the earlier form's key is deleted");
        assertFalse(RouteEntry.withValues(routes.get(id.toString())));

        UUID kept = UUID.randomUUID();
        seedEarlierForm(kept, filed);
        send(event(kept, 2, true, Instant.now()));
        List<Change> present = changesSent();
        assertEquals(Set.of(PHONE, PLATE), keys(present));
        assertTrue(present.stream().allMatch(c -> c.gone() == null && c.sighting().version() == 2));
        assertNull(routes.get(EntitySteps.REPORTS_PREFIX + kept), "moved into the entry");
        RouteEntry entry = RouteEntry.read(json, routes.get(kept.toString()));
        assertEquals(2, entry.held().version());
        assertEquals(2, entry.route().version());
    }

    @Test
    void valuesOlderThanTheWindowAreStillTakenBackAndEarlierFormsArePruned() {
        UUID id = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(WINDOW).minus(Duration.ofDays(1));
        routes.put(id.toString(), new RouteEntry(route(1), RouteEntryTest.held(1, longAgo)).write(json));
        send(event(id, 2, false, Instant.now()));
        // a match made while the report was within the window is still held by its recipient: the value step
        // cancels it (MatchRulesTest.aMatchOutlivesTheWindowUntilItIsWithdrawn)
        List<Change> gone = changesSent();
        assertEquals(RouteEntryTest.held(1, longAgo).values().keySet(), keys(gone),
                "values past the window are taken back");
        assertTrue(gone.stream().allMatch(c -> c.gone() == CancelReason.ENTITY_REMOVED));
        assertNull(RouteEntry.read(json, routes.get(id.toString())).held(), "and dropped at this version");

        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        seedEarlierForm(old, longAgo);
        seedEarlierForm(recent, Instant.now());
        driver.advanceWallClockTime(SWEEP);
        assertNull(routes.get(EntitySteps.REPORTS_PREFIX + old), "an earlier form past the window is pruned");
        assertNotNull(routes.get(EntitySteps.REPORTS_PREFIX + recent), "one within it is kept");
    }

    /** What a version before RouteEntry stored of a report at v1: its route state, and its values apart. */
    private void seedEarlierForm(UUID id, Instant filed) {
        routes.put(id.toString(), StoredJson.write(json, route(1)));
        EntitySteps.Held held = RouteEntryTest.held(1, filed);
        MatchRules.Entity phone = MatchRules.phone("+18135550123", "+18135550123");
        MatchRules.Entity plate = MatchRules.plate("ABC1234", "FL", "US-FL-12057", null);
        routes.put(EntitySteps.REPORTS_PREFIX + id, EntityCodec.write(new EntitySteps.Held(held.version(),
                held.seen(), Map.of(phone.key(), phone, plate.key(), plate))));
    }

    private static RouteState route(int version) {
        return new RouteState(version, "OVERDOSE", "US-FL-12057", "AMBER", List.of(), Map.of(), Map.of());
    }

    private void send(ObjectNode event) {
        reports.pipeInput(event.path("reportId").asText(), event.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Intake's example of an overdose in Hillsborough, as the version given, with its phone and plate or none. */
    private static ObjectNode event(UUID id, int version, boolean values, Instant time) {
        ObjectNode event = (ObjectNode) ContractExamples.caseReport("overdose-tampa-submitted.json", id).get("value");
        event.put("version", version).put("time", time.toString());
        if (version > 1) {
            event.put("type", "ReportAmended");
        }
        ObjectNode report = (ObjectNode) event.get("report");
        report.put("version", version);
        if (!values) {
            ObjectNode entities = (ObjectNode) report.get("entities");
            entities.putArray("phones");
            entities.putArray("vehicles");
        }
        return event;
    }

    private List<Change> changesSent() {
        List<Change> sent = new java.util.ArrayList<>();
        for (KeyValue<String, byte[]> record : changes.readKeyValuesToList()) {
            assertTrue(EntityCodec.isChanges(record.value), "in entity matching's form");
            List<Change> held = EntityCodec.readChanges(record.value, json);
            assertEquals(record.key, held.get(0).sighting().entity().key(), "keyed by its first value");
            sent.addAll(held);
        }
        return sent;
    }

    private static Set<String> keys(List<Change> changes) {
        return changes.stream().map(c -> c.sighting().entity().key()).collect(Collectors.toSet());
    }
}
