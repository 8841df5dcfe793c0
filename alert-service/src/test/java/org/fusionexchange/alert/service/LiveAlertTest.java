package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.config.StrictJson;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The live feed reads each alert for what streams filter on, without binding it: for every kind of alert that
 * reading must give what the binding gives, the filters must decide alike on both, and the bound alert must be the
 * one the binding gives. What the binding would refuse in those fields is refused.
 */
class LiveAlertTest {

    private static final ObjectMapper JSON = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(json);
        return json;
    }

    @Test
    void everyKindOfAlertReadsAsItsBindingGivesIt() throws IOException {
        List<byte[]> published = published();
        assertEquals(6, published.size());
        for (byte[] value : published) {
            Alert bound = JSON.readValue(value, Alert.class);
            LiveAlert live = LiveAlert.read(JSON, value);
            String what = new String(value, StandardCharsets.UTF_8);
            assertEquals(bound.id().toString(), live.id(), what);
            assertEquals(bound.seq(), live.seq(), what);
            assertEquals(bound.recipient(), live.recipient(), what);
            assertEquals(bound.msgType(), live.msgType(), what);
            assertEquals(bound.topic(), live.topic(), what);
            assertEquals(bound.area() == null ? null : bound.area().jurisdiction(), live.jurisdiction(), what);
            assertEquals(bound.severity(), live.severity(), what);
            assertEquals(what, live.json(), "the JSON is sent as published");
            assertEquals(bound, live.alert(), what);
            assertSame(live.alert(), live.alert(), "bound once");
        }
    }

    @Test
    void filtersDecideAlikeOnTheReadingAndOnTheBoundAlert() throws IOException {
        List<StreamFilter> filters = new ArrayList<>();
        List<Set<String>> topics = List.of(Set.of(), Set.of("overdose"), Set.of("trafficking", "entity-match"),
                Set.of("overdose-spike"));
        for (Set<String> t : topics) {
            for (String jurisdiction : Stream.of(null, "US", "US-FL", "US-FL-12057", "US-AZ").toList()) {
                for (Severity severity : Stream.concat(Stream.of((Severity) null), Stream.of(Severity.values()))
                        .toList()) {
                    filters.add(new StreamFilter(List.of(new StreamFilter.Rule(t, jurisdiction, severity))));
                }
            }
        }
        filters.add(StreamFilter.EVERYTHING);
        filters.add(new StreamFilter(List.of(new StreamFilter.Rule(Set.of("overdose"), "US-AZ", null),
                new StreamFilter.Rule(Set.of(), "US-FL", Severity.Severe))));
        int passed = 0;
        int refused = 0;
        for (byte[] value : published()) {
            Alert bound = JSON.readValue(value, Alert.class);
            LiveAlert live = LiveAlert.read(JSON, value);
            for (StreamFilter filter : filters) {
                boolean matches = filter.matches(bound);
                assertEquals(matches, filter.matches(live), filter + " on " + new String(value, StandardCharsets.UTF_8));
                if (matches) {
                    passed++;
                } else {
                    refused++;
                }
            }
        }
        assertTrue(passed > 0 && refused > 0, "the filters both pass and refuse: " + passed + ", " + refused);
    }

    @Test
    void anAlertReplayedFromTheDatabaseIsBoundAlreadyAndHasNoPublishedJson() throws IOException {
        Alert bound = JSON.readValue(published().get(1), Alert.class); // the contract's Alert to HCSO
        LiveAlert live = LiveAlert.of(bound);
        assertSame(bound, live.alert());
        assertNull(live.json());
        assertEquals(bound.seq(), live.seq());
        assertEquals(bound.area().jurisdiction(), live.jurisdiction());
    }

    @Test
    void whatTheBindingRefusesInTheFieldsReadIsRefused() {
        for (String value : List.of("[]", "\"alert\"", "not json", "{\"msgType\":\"Bogus\"}",
                "{\"severity\":\"Catastrophic\"}", "{\"seq\":\"first\"}", "{\"recipient\":{\"code\":\"HCSO\"}}",
                "{\"area\":\"US-FL\"}", "{\"id\":\"a\",\"seq\":1")) {
            assertThrows(IllegalArgumentException.class,
                    () -> LiveAlert.read(JSON, value.getBytes(StandardCharsets.UTF_8)), value);
        }
    }

    @Test
    void theRestOfTheAlertIsReadOnlyWhenTheWholeAlertIsAskedFor() {
        byte[] value = ("{\"id\":\"" + UUID.randomUUID() + "\",\"seq\":7,\"recipient\":\"HCSO\",\"topic\":\"overdose\","
                + "\"msgType\":\"Alert\",\"severity\":\"Severe\",\"area\":{\"jurisdiction\":\"US-FL-12057\"},"
                + "\"createdAt\":\"not a time\"}").getBytes(StandardCharsets.UTF_8);
        LiveAlert live = LiveAlert.read(JSON, value);
        assertEquals(7, live.seq());
        assertTrue(new StreamFilter(List.of(new StreamFilter.Rule(Set.of("overdose"), "US-FL", Severity.Moderate)))
                .matches(live));
        assertThrows(UncheckedIOException.class, live::alert);
    }

    /** The contract's three examples (Alert, Update, Cancel), an overdose spike's Alert and both sides of a match. */
    private static List<byte[]> published() throws IOException {
        List<byte[]> values = new ArrayList<>();
        try (Stream<Path> files = Files.list(ContractExamples.ALERTS)) {
            for (Path file : files.sorted().toList()) {
                values.add(JSON.writeValueAsBytes(ContractExamples.read(file).get("value")));
            }
        }
        Instant sent = Instant.parse("2026-11-28T16:30:00Z");
        Instant created = Instant.parse("2026-11-28T16:30:00.047Z");
        Alert.Spike spike = new Alert.Spike(UUID.randomUUID(), 1, "US-FL-12057", List.of("US-FL-12103", "US-FL-12101"),
                List.of(new Alert.Window("PT1H", sent.minusSeconds(3600), sent, 4, 1, 3, 2, 3)));
        values.add(JSON.writeValueAsBytes(new Alert(UUID.randomUUID(), 12, "FL-FUSION", Reason.SPIKE, null, null, null,
                List.of(), null, "overdose-spike", "Actual", MsgType.Alert, "Immediate", Severity.Severe, "Likely",
                "Overdose spike in US-FL-12057", new Alert.Area("US-FL-12057", null), new Alert.Marking("AMBER"), spike,
                sent, created, null)));
        Alert.Match match = new Alert.Match(UUID.randomUUID(), 2, "PHONE", "+18135550147", null, null,
                "(813) 555-0147", UUID.randomUUID(), null);
        values.add(JSON.writeValueAsBytes(new Alert(UUID.randomUUID(), 5, "TAMPA-PD", Reason.ENTITY_MATCH, null, null,
                null, List.of(UUID.randomUUID()), "PHOENIX-PD", "entity-match", "Actual", MsgType.Update, "Expected",
                Severity.Moderate, "Likely", "Phone +18135550147 is also in a report of PHOENIX-PD: contact the "
                        + "originator", new Alert.Area("US-FL-12057", new Alert.Point(27.95, -82.45)),
                new Alert.Marking("AMBER+STRICT"), null, match, sent, created, null)));
        Alert.Match cancelled = new Alert.Match(UUID.randomUUID(), 3, null, null, null, null, null, null, null);
        values.add(JSON.writeValueAsBytes(new Alert(UUID.randomUUID(), 6, "PHOENIX-PD", null, CancelReason.RETRACTED,
                null, null, List.of(UUID.randomUUID()), null, null, null, MsgType.Cancel, null, null, null, null, null,
                null, null, cancelled, sent, created, null)));
        return values;
    }
}
