package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.fusionexchange.alert.service.CancelReason;
import org.fusionexchange.alert.service.MatchRules;
import org.fusionexchange.alert.service.MatchRules.Change;
import org.fusionexchange.alert.service.MatchRules.Entity;
import org.fusionexchange.alert.service.MatchRules.Level;
import org.fusionexchange.alert.service.MatchRules.Sighting;
import org.fusionexchange.alert.service.MatchRules.Told;
import org.fusionexchange.alert.service.MatchRules.ValueState;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Entity matching's binary records: every field survives the round trip, nulls included, and a value state's head
 * reads alone; a report's changes travel as one record; the JSON that earlier versions wrote to the changelogs and the
 * repartition topic is still read, as are their records of one change; a value's partition is the one the Kafka
 * producer chooses for its key; a damaged record is refused, never read as something else.
 */
class EntityCodecTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final Entity PHONE = MatchRules.phone("+18135550147", "(813) 555-0147");
    private static final Entity PLATE = MatchRules.plate("BX12345", "FL", "US-FL-12057", "BX 12345 (FL)");
    private static final Entity VIN = MatchRules.vin("1hgcm82633a004352", "VALID", "1HGCM82633A004352");

    private static Sighting sighting(Entity entity, String tlp, String headline) {
        return new Sighting(UUID.randomUUID(), "TAMPA-PD", 3, tlp, headline, "US-FL-12057", entity,
                Instant.parse("2026-12-03T10:15:30.123456789Z"));
    }

    @Test
    void aChangeReadsBackWithEveryFieldWhetherPresentOrGoneAndWithNulls() {
        List<Change> changes = List.of(
                Change.present(sighting(PHONE, "TLP:AMBER", "Fentanyl press in a garage — Ybor City")),
                Change.present(sighting(PLATE, null, null)),
                Change.gone(new Sighting(UUID.randomUUID(), "HCSO", 2, "TLP:RED", null, null, VIN,
                        Instant.EPOCH), CancelReason.ENTITY_REMOVED));
        for (Change change : changes) {
            byte[] bytes = EntityCodec.write(change);
            assertEquals(EntityCodec.FORMAT, bytes[0]);
            assertEquals(change, EntityCodec.readChange(bytes, json));
        }
    }

    @Test
    void aReportsChangesReadBackAsOneRecordInTheirOrderAndARecordOfOneChangeFromEarlierVersionsStillReads()
            throws Exception {
        List<Change> changes = List.of(
                Change.present(sighting(PHONE, "TLP:AMBER", "Fentanyl press in a garage — Ybor City")),
                Change.present(sighting(VIN, null, null)),
                Change.gone(sighting(PLATE, "TLP:GREEN", null), CancelReason.ENTITY_REMOVED));
        byte[] bytes = EntityCodec.write(changes);
        assertEquals(EntityCodec.CHANGES, bytes[0]);
        assertEquals(changes, EntityCodec.readChanges(bytes, json));
        assertEquals(List.of(), EntityCodec.readChanges(EntityCodec.write(List.of()), json));
        // what earlier versions wrote to the by-value topic: one change a record, binary or JSON
        assertEquals(changes.subList(2, 3), EntityCodec.readChanges(EntityCodec.write(changes.get(2)), json));
        assertEquals(changes.subList(0, 1), EntityCodec.readChanges(json.writeValueAsBytes(changes.get(0)), json));
        for (int length = 1; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThrows(IllegalArgumentException.class, () -> EntityCodec.readChanges(truncated, json),
                    "truncated to " + length + " bytes");
        }
        byte[] overlong = Arrays.copyOf(bytes, bytes.length + 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EntityCodec.readChanges(overlong, json))
                .getMessage().contains("too many"));
    }

    @Test
    void aValueGoesToThePartitionTheKafkaProducerWouldChooseForItsKey() {
        // the records of one change that earlier versions keyed by value, and the records of several keyed by their
        // first, land in the partition of each value they hold
        for (int partitions : new int[] {1, 2, 3, 12}) {
            for (int i = 0; i < 2_000; i++) {
                String key = (i % 2 == 0 ? "phone:+1813" : "plate:US-FL:BX") + (2_000_000 + i * 7919);
                int expected = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
                assertEquals(expected, EntitySteps.partitionOf(key, partitions), key + " of " + partitions);
                assertEquals(java.util.Optional.of(java.util.Set.of(expected)),
                        EntitySteps.partitions("by-value", key, new byte[0], partitions));
            }
        }
    }

    @Test
    void aValuesStateReadsBackWithItsSightingsWhatEachSideWasToldAndWhetherItIsCommon() {
        Sighting tampa = sighting(PHONE, "TLP:GREEN", "Pills sold from a car");
        Sighting hcso = new Sighting(UUID.randomUUID(), "HCSO", 1, "TLP:AMBER+STRICT", "Overdose at a motel",
                "US-FL-12057", PHONE, Instant.parse("2026-12-01T00:00:00Z"));
        Map<String, Told> told = new LinkedHashMap<>();
        told.put(tampa.reportId() + ">" + hcso.reportId(), new Told("TAMPA-PD", tampa.reportId(), hcso.reportId(),
                UUID.randomUUID(), 2, Level.CONTACT, null, List.of(UUID.randomUUID(), UUID.randomUUID()),
                "AMBER+STRICT"));
        told.put(hcso.reportId() + ">" + tampa.reportId(), new Told("HCSO", hcso.reportId(), tampa.reportId(),
                UUID.randomUUID(), 1, Level.FULL, "Pills sold from a car", List.of(UUID.randomUUID()), "GREEN"));
        List<ValueState> states = List.of(ValueState.empty(),
                new ValueState(List.of(tampa, hcso), told),
                new ValueState(List.of(hcso), Map.of(), true, Instant.parse("2026-12-02T08:00:00Z")));
        for (ValueState state : states) {
            byte[] bytes = EntityCodec.write(state);
            assertEquals(state, EntityCodec.readState(bytes, json));
            assertEquals(new EntityCodec.Head(state.common(), state.lastSeen(), state.sightings()),
                    EntityCodec.readHead(bytes, json), "the head alone");
        }
    }

    @Test
    void aStateWrittenBeforeTheMatchesCarriedTheirMarkingReadsWithTheMarkingUnknown() {
        Sighting tampa = sighting(PHONE, "GREEN", "Pills sold from a car");
        Sighting hcso = sighting(PHONE, "AMBER", "Overdose at a motel");
        Told told = new Told("HCSO", hcso.reportId(), tampa.reportId(), UUID.randomUUID(), 1, Level.FULL,
                "Pills sold from a car", List.of(UUID.randomUUID()), "GREEN");
        ValueState state = new ValueState(List.of(tampa, hcso), Map.of(hcso.reportId() + ">" + tampa.reportId(),
                told));
        byte[] now = EntityCodec.write(state);
        // the earlier form ended after the matches: without the marking's string (its length, 4 bytes, and GREEN)
        byte[] earlier = java.util.Arrays.copyOf(now, now.length - 4 - "GREEN".length());
        ValueState read = EntityCodec.readState(earlier, json);
        Told unknown = read.told().values().iterator().next();
        assertNull(unknown.tlp());
        assertEquals(new Told(told.recipient(), told.ownReport(), told.otherReport(), told.matchId(),
                told.version(), told.level(), told.headline(), told.alerts(), null), unknown);
        assertEquals(state.sightings(), read.sightings());
    }

    @Test
    void aRecordOfAnyLengthIsWrittenWhereverItsBufferFillsUp() {
        // headlines of every length up to twice the first guess of a state's size: one of them ends the buffer just
        // before a sighting's version (its growth was once forgotten there: BufferOverflowException, a lost match)
        for (int length = 0; length < 400; length++) {
            Sighting first = sighting(PHONE, "TLP:GREEN", "h".repeat(length));
            Sighting second = sighting(PHONE, "TLP:AMBER", "a second report");
            ValueState state = new ValueState(List.of(first, second), Map.of());
            assertEquals(state, EntityCodec.readState(EntityCodec.write(state), json), "headline of " + length);
            Change change = Change.present(first);
            assertEquals(change, EntityCodec.readChange(EntityCodec.write(change), json), "headline of " + length);
        }
    }

    @Test
    void whatAReportHeldReadsBackInItsOrder() {
        Map<String, Entity> values = new LinkedHashMap<>();
        for (Entity e : List.of(PLATE, PHONE, VIN)) {
            values.put(e.key(), e);
        }
        EntitySteps.Held held = new EntitySteps.Held(4, Instant.parse("2026-11-30T23:59:59.000001Z"), values);
        EntitySteps.Held read = EntityCodec.readHeld(EntityCodec.write(held), json);
        assertEquals(held, read);
        assertEquals(List.copyOf(values.keySet()), List.copyOf(read.values().keySet()));
        EntitySteps.Held none = new EntitySteps.Held(1, Instant.EPOCH, Map.of());
        assertEquals(none, EntityCodec.readHeld(EntityCodec.write(none), json));
    }

    @Test
    void theJsonOfEarlierVersionsIsStillRead() throws Exception {
        Change change = Change.gone(sighting(PLATE, "TLP:CLEAR", null), CancelReason.RETRACTED);
        assertEquals(change, EntityCodec.readChange(json.writeValueAsBytes(change), json));
        ValueState state = new ValueState(List.of(change.sighting()), Map.of(), true, Instant.EPOCH);
        assertEquals(state, EntityCodec.readState(json.writeValueAsBytes(state), json));
        assertEquals(new EntityCodec.Head(true, Instant.EPOCH, state.sightings()),
                EntityCodec.readHead(json.writeValueAsBytes(state), json));
        EntitySteps.Held held = new EntitySteps.Held(2, Instant.EPOCH, Map.of(PHONE.key(), PHONE));
        assertEquals(held, EntityCodec.readHeld(json.writeValueAsBytes(held), json));
    }

    @Test
    void aTruncatedOverlongEmptyOrUnknownRecordIsRefused() {
        byte[] bytes = EntityCodec.write(Change.present(sighting(PHONE, "TLP:AMBER", "A headline")));
        for (int length = 1; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> EntityCodec.readChange(truncated, json), "truncated to " + length + " bytes");
            assertTrue(refused.getMessage().contains("truncated"), refused.getMessage());
        }
        byte[] overlong = Arrays.copyOf(bytes, bytes.length + 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EntityCodec.readChange(overlong, json))
                .getMessage().contains("too many"));
        byte[] unknown = bytes.clone();
        unknown[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EntityCodec.readChange(unknown, json))
                .getMessage().contains("unknown format 9"));
        assertThrows(IllegalArgumentException.class, () -> EntityCodec.readState(new byte[0], json));
    }
}
