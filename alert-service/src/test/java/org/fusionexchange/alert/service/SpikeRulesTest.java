package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fusionexchange.alert.DemoDirectory;
import org.fusionexchange.alert.service.SpikeRules.Contribution;
import org.fusionexchange.alert.service.SpikeRules.CountyState;
import org.fusionexchange.alert.service.SpikeRules.Decision;
import org.fusionexchange.alert.service.SpikeRules.Delta;
import org.fusionexchange.alert.service.SpikeRules.Message;
import org.fusionexchange.alert.service.SpikeRules.Thresholds;
import org.fusionexchange.alert.service.SpikeRules.WindowSize;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The spike rules of issue 17 on a simulated clock: what counts, the windows, and one spike's life cycle. */
class SpikeRulesTest {

    private static final String PASCO = "US-FL-12101";
    private static final Thresholds DEFAULTS = new Thresholds(3, 6, 10);
    private static final Instant T = Instant.parse("2026-12-02T12:02:00Z");
    private static final List<String> RECIPIENTS = List.of("DEA", "FL-FUSION", "HCSO");

    @Test
    void onlyUnretractedOverdosesMarkedClearGreenOrAmberInACountyCount() {
        assertNotNull(contribution("OVERDOSE", false, "AMBER", PASCO));
        assertNotNull(contribution("OVERDOSE", false, "CLEAR", PASCO));
        assertNotNull(contribution("OVERDOSE", false, "GREEN", PASCO));
        assertNotNull(contribution("OVERDOSE", false, null, PASCO), "no marking is AMBER");
        assertNull(contribution("OVERDOSE", false, "AMBER+STRICT", PASCO), "AMBER+STRICT is never aggregated");
        assertNull(contribution("OVERDOSE", false, "RED", PASCO), "RED is never aggregated");
        assertNull(contribution("OVERDOSE", false, "PURPLE", PASCO), "an unknown marking is RED");
        assertNull(contribution("OVERDOSE", true, "AMBER", PASCO), "a retracted report counts nowhere");
        assertNull(contribution("DRUG_SEIZURE", false, "AMBER", PASCO));
        assertNull(contribution("OVERDOSE", false, "AMBER", "US-FL"), "a state code is no county");
        assertNull(contribution("OVERDOSE", false, "AMBER", "EC"), "a country code is no county");
        assertNull(SpikeRules.contribution("OVERDOSE", false, "AMBER", PASCO, null, false, false));
    }

    @Test
    void aReportCountsUpTo24HoursAfterItOccurred() {
        assertTrue(SpikeRules.countable(T.minus(Duration.ofHours(23).plusMinutes(59)), T));
        assertTrue(!SpikeRules.countable(T.minus(Duration.ofHours(24).plusMinutes(1)), T));
    }

    @Test
    void anAmendmentMovesTheCountAndARetractionTakesItAway() {
        Contribution tampa = contribution("OVERDOSE", false, "AMBER", "US-FL-12057");
        Contribution pasco = contribution("OVERDOSE", false, "AMBER", PASCO);
        assertEquals(List.of(), SpikeRules.deltas(pasco, pasco), "nothing that counts changed");
        assertEquals(List.of(new Delta("US-FL-12057", T, -1, false, true), new Delta(PASCO, T, 1, false, true)),
                SpikeRules.deltas(tampa, pasco));
        assertEquals(List.of(new Delta(PASCO, T, -1, false, true)), SpikeRules.deltas(pasco, null));
        assertEquals(List.of(new Delta(PASCO, T, 1, false, true)), SpikeRules.deltas(null, pasco));
    }

    @Test
    void aSpikeIsAlertedOnceItsFirstWindowReachesItsThreshold() {
        Simulation county = new Simulation();
        county.add(T, 2);
        assertEquals(List.of(), county.messages, "2 in 1 h is under 3");
        county.add(T.plusSeconds(60), 1);
        assertEquals(List.of("DEA Alert", "FL-FUSION Alert", "HCSO Alert"), county.sent());
        assertEquals(EnumSet.of(WindowSize.HOUR), county.state.spike().crossed());
        assertEquals(1, county.state.spike().version());
    }

    @Test
    void aHundredReportsInOneCountyGiveOneAlertAndAnUpdatePerMilestoneNotAStorm() {
        Simulation county = new Simulation();
        for (int i = 0; i < 100; i++) {
            county.add(T.plusSeconds(i * 10L), 1);
        }
        // Alert at 3 (1 h); Update at 6 (1 h doubled, 6 h crossed); at 10 (24 h); at 12 (6 h doubled); at 20 (24 h
        // doubled); then nothing more
        List<String> toDea = county.messages.stream().filter(m -> m.recipient().equals("DEA"))
                .map(m -> m.msgType().name()).toList();
        assertEquals(List.of("Alert", "Update", "Update", "Update", "Update"), toDea);
        assertEquals(5 * RECIPIENTS.size(), county.messages.size());
        assertEquals(EnumSet.allOf(WindowSize.class), county.state.spike().doubled());
        Message last = county.messages.get(county.messages.size() - 1);
        assertEquals(4, last.references().size(), "an Update refers to the recipient's earlier alerts of the spike");
    }

    @Test
    void aSpikeEndsAfterAWholeHourBelowEveryThreshold() {
        Simulation county = new Simulation();
        county.add(T, 3);
        List<java.util.UUID> alerted = county.state.spike().alerted().get("HCSO");
        // the last 1 h window holding the reports runs 12:00 to 13:00; a spike ends an hour after it
        county.check(Instant.parse("2026-12-02T13:30:00Z"));
        county.check(Instant.parse("2026-12-02T13:59:59Z"));
        assertEquals(3, county.messages.size(), "still in its quiet hour: no Cancel");
        county.check(Instant.parse("2026-12-02T14:00:00Z"));
        assertEquals(List.of("DEA Alert", "FL-FUSION Alert", "HCSO Alert", "DEA Cancel", "FL-FUSION Cancel",
                "HCSO Cancel"), county.sent());
        Message cancel = county.messages.get(5);
        assertEquals(alerted, cancel.references());
        assertNull(county.state.spike());
        county.check(Instant.parse("2026-12-02T14:05:00Z"));
        assertEquals(6, county.messages.size(), "the ended spike's windows never start another");
    }

    @Test
    void aRetractionThatTakesTheCountBelowEndsTheSpikeAnHourLater() {
        Simulation county = new Simulation();
        county.add(T, 3);
        county.now = T.plus(Duration.ofMinutes(10));
        county.remove(T, 1);
        county.check(T.plus(Duration.ofMinutes(69)));
        assertEquals(3, county.messages.size(), "below since 12:12, not yet for an hour");
        county.check(T.plus(Duration.ofMinutes(70)));
        assertEquals(List.of("DEA Cancel", "FL-FUSION Cancel", "HCSO Cancel"), county.sent().subList(3, 6));
    }

    @Test
    void aLateReportCountsInItsOwnWindowsButAWindowOverForAnHourStartsNoSpike() {
        Simulation late = new Simulation();
        late.now = T;
        late.add(T.minus(Duration.ofMinutes(30)), 3);
        assertEquals(3, late.messages.size(), "30 minutes late: its windows are live");

        Simulation old = new Simulation();
        old.now = T;
        old.add(T.minus(Duration.ofHours(3)), 3);
        assertEquals(List.of(), old.messages, "3 in an hour that ended two hours ago: over before it was known");
    }

    @Test
    void anotherWindowCrossingUpdatesTheSpike() {
        Simulation county = new Simulation();
        // 3 at once, then one every half hour: no 1 h window reaches 6, but the 6 h window does
        county.add(T, 3);
        for (int h = 1; h <= 3; h++) {
            county.add(T.plus(Duration.ofMinutes(30L * h)), 1);
        }
        assertEquals(List.of("DEA Alert", "FL-FUSION Alert", "HCSO Alert", "DEA Update", "FL-FUSION Update",
                "HCSO Update"), county.sent());
        assertEquals(EnumSet.of(WindowSize.HOUR, WindowSize.SIX_HOURS), county.state.spike().crossed());
        assertEquals(EnumSet.noneOf(WindowSize.class), county.state.spike().doubled());
    }

    @Test
    void aSecondSpikeAfterTheFirstEndedIsANewSpike() {
        Simulation county = new Simulation();
        county.add(T, 3);
        java.util.UUID first = county.state.spike().id();
        county.check(T.plus(Duration.ofHours(2)));
        county.add(T.plus(Duration.ofHours(3)), 3);
        assertEquals(List.of("DEA Alert", "FL-FUSION Alert", "HCSO Alert", "DEA Cancel", "FL-FUSION Cancel",
                "HCSO Cancel", "DEA Alert", "FL-FUSION Alert", "HCSO Alert"), county.sent());
        assertTrue(!first.equals(county.state.spike().id()));
        assertEquals(List.of(), county.messages.get(8).references(), "a new spike refers to nothing earlier");
    }

    @Test
    void windowsAreAlignedRunsOfFiveMinuteBuckets() {
        Simulation county = new Simulation();
        county.now = T;
        county.add(T, 1);
        List<SpikeRules.WindowCount> shown = SpikeRules.shownWindows(
                SpikeRules.liveWindows(county.state.buckets(), DEFAULTS, T), DEFAULTS, T);
        assertEquals(3, shown.size());
        SpikeRules.WindowCount hour = shown.get(0);
        assertEquals(WindowSize.HOUR, hour.size());
        assertEquals(1, hour.count());
        assertEquals(0, hour.start().getEpochSecond() % 300);
        assertEquals(Duration.ofHours(1), Duration.between(hour.start(), hour.end()));
        SpikeRules.WindowCount day = shown.get(2);
        assertEquals(0, day.start().getEpochSecond() % 3600, "24 h windows advance by the hour");
        assertTrue(!day.start().isAfter(T) && day.end().isAfter(T));
    }

    @Test
    void theStateSurvivesItsStoreFormat() throws Exception {
        Simulation county = new Simulation();
        county.add(T, 6);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        byte[] stored = json.writeValueAsBytes(county.state);
        CountyState read = json.readValue(stored, CountyState.class);
        assertEquals(county.state, read);
        assertEquals(Set.of(WindowSize.HOUR, WindowSize.SIX_HOURS), read.spike().crossed());
    }

    @Test
    void theSpikeAudienceIsTheCountyItsNeighboursAndOverdoseTaskForces() {
        DirectoryView view = new DirectoryView();
        DemoDirectory.agencies().forEach(view::apply);
        SpikeAudience audience = new SpikeAudience(view, new CountyAdjacency(), DEFAULTS);
        // Pasco: the state and the nation, and the agencies of its neighbours Hillsborough and Pinellas; the Tampa Bay
        // task force covers neither Pasco nor is it a neighbour's agency
        assertEquals(List.of("DEA", "FL-FUSION", "HCSO", "PCSO", "TAMPA-PD"), audience.recipients(PASCO));
        // Hillsborough: its own agencies, Pinellas's, and the task force covering it with OVERDOSE in its focus
        assertEquals(List.of("DEA", "FL-FUSION", "HCSO", "PCSO", "TAMPA-BAY-TF", "TAMPA-PD"),
                audience.recipients("US-FL-12057"));
        // Pima: Tucson's own, Phoenix as Maricopa's; the border task force has no OVERDOSE focus
        assertEquals(List.of("AZ-DPS", "DEA", "PHOENIX-PD", "TUCSON-PD"), audience.recipients("US-AZ-04019"));
        view.apply(new DirectoryAgency("PCSO", "LOCAL", List.of("US-FL-12103"), List.of(), true, Long.MAX_VALUE));
        assertEquals(List.of("DEA", "FL-FUSION", "HCSO", "TAMPA-PD"), audience.recipients(PASCO),
                "a suspended agency is never alerted");
    }

    @Test
    void theAdjacencyDataHoldsTheDemoCountiesRealNeighboursBothWays() {
        CountyAdjacency adjacency = new CountyAdjacency();
        assertEquals(List.of("US-FL-12081", "US-FL-12101", "US-FL-12103", "US-FL-12105"),
                adjacency.neighbours("US-FL-12057"), "Hillsborough: Manatee, Pasco, Pinellas, Polk");
        assertEquals(List.of("US-FL-12057", "US-FL-12081", "US-FL-12101"), adjacency.neighbours("US-FL-12103"),
                "Pinellas: Hillsborough, Manatee (across Tampa Bay), Pasco");
        assertEquals(List.of("US-AZ-04007", "US-AZ-04012", "US-AZ-04019", "US-AZ-04021", "US-AZ-04025",
                "US-AZ-04027"), adjacency.neighbours("US-AZ-04013"), "Maricopa");
        assertTrue(adjacency.neighbours("US-AZ-04019").containsAll(List.of("US-AZ-04003", "US-AZ-04013",
                "US-AZ-04021", "US-AZ-04023", "US-AZ-04027")), "Pima");
        assertTrue(adjacency.size() > 3000, "every US county");
        Map<String, List<String>> all = CountyAdjacency.read(CountyAdjacency.RESOURCE);
        all.forEach((county, neighbours) -> neighbours.forEach(n -> assertTrue(all.get(n).contains(county),
                county + " borders " + n + " but not the other way round")));
    }

    private static Contribution contribution(String type, boolean retracted, String tlp, String jurisdiction) {
        return SpikeRules.contribution(type, retracted, tlp, jurisdiction, T, false, true);
    }

    /**
     * Every live window, of every size, with exactly the counts of the buckets it holds: on random counties (buckets
     * scattered over the last two days, now anywhere in a bucket), against the plain walk of each window's buckets.
     * Nothing else is a live window: every window on each size's grid that holds a report and has not been over for
     * an hour is listed, and no other.
     */
    @Test
    void theLiveWindowsCountTheBucketsTheyHoldNoMoreNoLess() {
        java.util.Random random = new java.util.Random(17);
        for (int county = 0; county < 300; county++) {
            Instant now = T.plusSeconds(random.nextInt(7 * 24 * 3600));
            java.util.TreeMap<Long, SpikeRules.Bucket> buckets = new java.util.TreeMap<>();
            int filled = random.nextInt(county % 3 == 0 ? 4 : 120);
            for (int b = 0; b < filled; b++) {
                long start = SpikeRules.bucketOf(now.minusSeconds(random.nextInt(50 * 3600)));
                int count = 1 + random.nextInt(4);
                buckets.put(start, new SpikeRules.Bucket(count, random.nextInt(count + 1), random.nextInt(count + 1)));
            }
            List<SpikeRules.WindowCount> live = SpikeRules.liveWindows(buckets, DEFAULTS, now);
            List<SpikeRules.WindowCount> expected = new ArrayList<>();
            long quietSince = now.minus(SpikeRules.QUIET).getEpochSecond();
            for (WindowSize size : WindowSize.values()) {
                long length = size.size.getSeconds();
                long advance = size.advance.getSeconds();
                long from = Math.floorDiv(now.getEpochSecond() - 60L * 3600, advance) * advance;
                for (long start = from; start <= now.getEpochSecond(); start += advance) {
                    long end = start + length;
                    int count = 0;
                    int fatal = 0;
                    int naloxone = 0;
                    for (Map.Entry<Long, SpikeRules.Bucket> e : buckets.entrySet()) {
                        if (e.getKey() >= start && e.getKey() < end) {
                            count += e.getValue().count();
                            fatal += e.getValue().fatal();
                            naloxone += e.getValue().naloxone();
                        }
                    }
                    if (count > 0 && end > quietSince) {
                        expected.add(new SpikeRules.WindowCount(size, Instant.ofEpochSecond(start),
                                Instant.ofEpochSecond(end), count, fatal, naloxone, thresholdOf(size)));
                    }
                }
            }
            assertEquals(expected, live, "county " + county + " at " + now + " with buckets " + buckets);
        }
    }

    private static int thresholdOf(WindowSize size) {
        return switch (size) {
            case HOUR -> DEFAULTS.hour();
            case SIX_HOURS -> DEFAULTS.sixHours();
            case DAY -> DEFAULTS.day();
        };
    }

    /** One county's state, fed deltas and checked as the county step does. */
    private static final class Simulation {
        CountyState state = CountyState.empty();
        final List<Message> messages = new ArrayList<>();
        Instant now;

        void add(Instant occurredAt, int reports) {
            change(occurredAt, reports, 1);
        }

        void remove(Instant occurredAt, int reports) {
            change(occurredAt, reports, -1);
        }

        private void change(Instant occurredAt, int reports, int sign) {
            for (int i = 0; i < reports; i++) {
                Instant at = now != null ? now : occurredAt;
                state = SpikeRules.touch(state, DEFAULTS, at);
                state = SpikeRules.apply(state, new Delta(PASCO, occurredAt, sign, false, false));
                decide(at);
            }
        }

        void check(Instant at) {
            decide(at);
        }

        private void decide(Instant at) {
            Decision d = SpikeRules.decide(state, DEFAULTS, at, () -> RECIPIENTS);
            state = d.state();
            messages.addAll(d.messages());
        }

        List<String> sent() {
            return messages.stream().map(m -> m.recipient() + " " + m.msgType()).toList();
        }
    }
}
