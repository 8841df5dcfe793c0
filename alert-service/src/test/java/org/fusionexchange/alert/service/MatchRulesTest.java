package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.fusionexchange.alert.service.MatchRules.Change;
import org.fusionexchange.alert.service.MatchRules.Decision;
import org.fusionexchange.alert.service.MatchRules.Entity;
import org.fusionexchange.alert.service.MatchRules.Level;
import org.fusionexchange.alert.service.MatchRules.Message;
import org.fusionexchange.alert.service.MatchRules.Settings;
import org.fusionexchange.alert.service.MatchRules.Sighting;
import org.fusionexchange.alert.service.MatchRules.ValueState;
import org.junit.jupiter.api.Test;

/** The entity match rules alone (DOMAIN.md, fusion intelligence; issue 17, section 2). */
class MatchRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Entity PHONE = MatchRules.phone("+18135550147", "(813) 555-0147");
    private static final Settings SETTINGS = new Settings(MatchRules.WINDOW, 50, false, agency -> false);

    @Test
    void valuesAreKeyedByTheirNormalisedFormAndAStateWithoutItsCountryIsInTheReportsCountry() {
        assertEquals("phone:+18135550147", PHONE.key());
        assertNull(MatchRules.phone(null, "12"), "a number intake could not read matches nothing");
        assertEquals("vin:1HGCM82633A004352", MatchRules.vin("1hgcm82633a004352", "VALID", "1hgcm82633a004352").key());
        Entity fl = MatchRules.plate("ABC123", "FL", "US-FL-12057", "abc-123 (fl)");
        Entity usFl = MatchRules.plate("ABC123", "US-FL", "US-AZ-04013", "ABC 123 (US-FL)");
        assertEquals("plate:US-FL:ABC123", fl.key());
        assertEquals(fl.key(), usFl.key(), "FL in a Florida report and US-FL anywhere are the same state");
        assertEquals("plate:EC-P:PBA1234", MatchRules.plate("PBA1234", "EC-P", "EC", null).key());
        assertEquals("plate:EC-P:PBA1234", MatchRules.plate("PBA1234", "P", "EC-P", null).key());
        assertNull(MatchRules.plate("ABC123", null, "US-FL", null), "a plate without its state matches nothing");
        assertNull(MatchRules.plate("ABC123", "FLORIDA", "US-FL", null));
    }

    @Test
    void aMarkingDecidesHowMuchTheOtherSideLearns() {
        assertEquals(Level.FULL, Level.of("CLEAR"));
        assertEquals(Level.FULL, Level.of("GREEN"));
        assertEquals(Level.FULL, Level.of("AMBER"));
        assertEquals(Level.FULL, Level.of(null), "a report without a marking is TLP:AMBER");
        assertEquals(Level.CONTACT, Level.of("AMBER+STRICT"));
        assertEquals(Level.NONE, Level.of("RED"));
        assertEquals(Level.NONE, Level.of("PURPLE"), "an unknown marking is the most restrictive");
    }

    @Test
    void twoAgenciesWithTheSameValueAreEachToldOfTheOthersReport() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting phoenix = sighting("PHOENIX-PD", "GREEN", "Seizure on I-10", T0.plusSeconds(60));
        Decision first = apply(ValueState.empty(), tampa);
        assertTrue(first.messages().isEmpty(), "one report matches nothing");
        Decision second = apply(first.state(), phoenix);
        Map<String, Message> by = byRecipient(second.messages());
        assertEquals(Set.of("TAMPA-PD", "PHOENIX-PD"), by.keySet());
        Message toTampa = by.get("TAMPA-PD");
        assertEquals(MsgType.Alert, toTampa.msgType());
        assertEquals(Level.FULL, toTampa.told().level());
        assertEquals("Seizure on I-10", toTampa.told().headline());
        assertEquals(tampa.reportId(), toTampa.own().reportId());
        assertEquals(phoenix.reportId(), toTampa.other().reportId());
        Message toPhoenix = by.get("PHOENIX-PD");
        assertEquals("Trafficking stop", toPhoenix.told().headline());
        assertEquals(phoenix.reportId(), toPhoenix.own().reportId());
        assertFalse(toTampa.told().matchId().equals(toPhoenix.told().matchId()), "each side is a match of its own");
    }

    @Test
    void amberStrictTellsOnlyTheOriginatorAndRedTellsNothing() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting strict = sighting("PHOENIX-PD", "AMBER+STRICT", "Undercover buy", T0.plusSeconds(60));
        Map<String, Message> by = byRecipient(apply(apply(ValueState.empty(), tampa).state(), strict).messages());
        assertEquals(Level.CONTACT, by.get("TAMPA-PD").told().level());
        assertNull(by.get("TAMPA-PD").told().headline(), "no content of a STRICT report");
        assertEquals(Level.FULL, by.get("PHOENIX-PD").told().level(), "TAMPA-PD's AMBER report tells Phoenix all");

        Sighting red = sighting("DEA", "RED", "Wiretap", T0.plusSeconds(120));
        Decision withRed = apply(apply(ValueState.empty(), tampa).state(), red);
        Map<String, Message> redBy = byRecipient(withRed.messages());
        assertEquals(Set.of("DEA"), redBy.keySet(), "TAMPA-PD learns nothing of a RED report");
        assertEquals("Trafficking stop", redBy.get("DEA").told().headline());
    }

    @Test
    void reportsOfOneAgencyNeverMatchEachOther() {
        Decision d = apply(apply(ValueState.empty(), sighting("TAMPA-PD", "AMBER", "One", T0)).state(),
                sighting("TAMPA-PD", "AMBER", "Two", T0.plusSeconds(5)));
        assertTrue(d.messages().isEmpty());
    }

    @Test
    void anAmendmentUpdatesOrCancelsWhatTheOtherSideWasToldAndNeverMoreThanItsMarkingAllows() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting phoenix = sighting("PHOENIX-PD", "AMBER", "Seizure", T0.plusSeconds(60));
        ValueState matched = apply(apply(ValueState.empty(), tampa).state(), phoenix).state();
        UUID tampaMatch = matched.told().get(MatchRules.pair(tampa.reportId(), phoenix.reportId())).matchId();

        // Phoenix's headline changes: Tampa gets an Update of its match; Phoenix's own side does not change
        Decision retitled = apply(matched, amended(phoenix, "AMBER", "Seizure, 2 kg", 2));
        assertEquals(1, retitled.messages().size());
        Message update = retitled.messages().get(0);
        assertEquals(MsgType.Update, update.msgType());
        assertEquals("TAMPA-PD", update.told().recipient());
        assertEquals(tampaMatch, update.told().matchId());
        assertEquals(2, update.told().version());
        assertEquals("Seizure, 2 kg", update.told().headline());
        assertEquals(1, update.references().size(), "refers to the match's Alert");

        // narrowed to AMBER+STRICT: an Update that drops the headline
        Decision strict = apply(retitled.state(), amended(phoenix, "AMBER+STRICT", "Seizure, 2 kg", 3));
        Message contact = strict.messages().get(0);
        assertEquals(MsgType.Update, contact.msgType());
        assertEquals(Level.CONTACT, contact.told().level());
        assertNull(contact.told().headline());
        assertEquals(2, contact.references().size());

        // narrowed to RED: a Cancel, with a reason and identifiers only
        Decision red = apply(strict.state(), amended(phoenix, "RED", "Seizure, 2 kg", 4));
        Message cancel = red.messages().get(0);
        assertEquals(MsgType.Cancel, cancel.msgType());
        assertEquals(CancelReason.MARKING_CHANGED, cancel.cancelReason());
        assertNull(cancel.own());
        assertNull(cancel.other());
        assertNull(cancel.told().headline());
        assertEquals(3, cancel.references().size());

        // widened again: a new match, with a new id
        Decision widened = apply(red.state(), amended(phoenix, "GREEN", "Seizure, 2 kg", 5));
        Message again = widened.messages().get(0);
        assertEquals(MsgType.Alert, again.msgType());
        assertFalse(again.told().matchId().equals(tampaMatch));
    }

    @Test
    void aMarkingNarrowedWithinWhatTellsAllUpdatesTheAlertsMarking() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting phoenix = sighting("PHOENIX-PD", "CLEAR", "Seizure", T0.plusSeconds(60));
        Decision matched = apply(apply(ValueState.empty(), tampa).state(), phoenix);
        assertEquals("CLEAR", byRecipient(matched.messages()).get("TAMPA-PD").told().tlp(),
                "Tampa's alert carries Phoenix's marking");
        assertEquals("AMBER", byRecipient(matched.messages()).get("PHOENIX-PD").told().tlp());

        // CLEAR to AMBER, the same headline: still all told, but Tampa's copy may no longer be shared as CLEAR
        Decision narrowed = apply(matched.state(), amended(phoenix, "AMBER", "Seizure", 2));
        assertEquals(1, narrowed.messages().size(), "Phoenix's own side does not change");
        Message update = narrowed.messages().get(0);
        assertEquals(MsgType.Update, update.msgType());
        assertEquals("TAMPA-PD", update.told().recipient());
        assertEquals(Level.FULL, update.told().level());
        assertEquals("AMBER", update.told().tlp());
        assertEquals("Seizure", update.told().headline());

        // AMBER+STRICT is always the marking of "contact the originator"
        Decision strict = apply(narrowed.state(), amended(phoenix, "AMBER+STRICT", "Seizure", 3));
        assertEquals("AMBER+STRICT", strict.messages().get(0).told().tlp());
        // and the same marking again sends nothing
        assertTrue(apply(strict.state(), amended(phoenix, "AMBER+STRICT", "Seizure, 2 kg", 4)).messages().isEmpty(),
                "a headline the recipient is not shown changes nothing it was told");
    }

    @Test
    void aMatchOfAStateWrittenBeforeItsMarkingWasKeptIsUpdatedAtItsNextChange() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting phoenix = sighting("PHOENIX-PD", "CLEAR", "Seizure", T0.plusSeconds(60));
        ValueState matched = apply(apply(ValueState.empty(), tampa).state(), phoenix).state();
        Map<String, MatchRules.Told> unknown = new java.util.LinkedHashMap<>();
        matched.told().forEach((pair, t) -> unknown.put(pair, new MatchRules.Told(t.recipient(), t.ownReport(),
                t.otherReport(), t.matchId(), t.version(), t.level(), t.headline(), t.alerts(), null)));
        ValueState earlier = new ValueState(matched.sightings(), unknown);
        Decision narrowed = apply(earlier, amended(phoenix, "AMBER", "Seizure", 2));
        Message update = byRecipient(narrowed.messages()).get("TAMPA-PD");
        assertEquals(MsgType.Update, update.msgType(), "a marking not known is not assumed to be the same");
        assertEquals("AMBER", update.told().tlp());
    }

    @Test
    void aSuspendedRecipientIsSentNoUpdateOfAMatchOnlyItsCancel() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting phoenix = sighting("PHOENIX-PD", "AMBER", "Seizure", T0.plusSeconds(60));
        ValueState matched = apply(apply(ValueState.empty(), tampa).state(), phoenix).state();
        Settings phoenixSuspended = new Settings(MatchRules.WINDOW, 50, false, "PHOENIX-PD"::equals);

        // Tampa's headline changes while PHOENIX-PD is suspended: Phoenix learns nothing of it
        Decision retitled = MatchRules.apply(matched,
                Change.present(amended(tampa, "AMBER", "Stop, 3 kg fentanyl", 2)), phoenixSuspended);
        Message toPhoenix = byRecipient(retitled.messages()).get("PHOENIX-PD");
        assertEquals(MsgType.Cancel, toPhoenix.msgType());
        assertEquals(CancelReason.AGENCY_SUSPENDED, toPhoenix.cancelReason());
        assertNull(toPhoenix.told().headline());
        assertNull(toPhoenix.own());
        assertNull(toPhoenix.other());
        assertEquals(Set.of("PHOENIX-PD"), byRecipient(retitled.messages()).keySet(),
                "Tampa's own side does not change");
        assertFalse(retitled.state().told().containsKey(MatchRules.pair(phoenix.reportId(), tampa.reportId())),
                "the withdrawn match is forgotten");

        // nothing changed that Phoenix is shown: nothing is sent, suspended or not
        Decision same = MatchRules.apply(matched, Change.present(amended(tampa, "AMBER", "Trafficking stop", 2)),
                phoenixSuspended);
        assertTrue(same.messages().isEmpty());

        // reinstated, a later version starts a match of its own again
        Decision later = apply(retitled.state(), amended(tampa, "AMBER", "Stop, 3 kg fentanyl", 3));
        Message again = byRecipient(later.messages()).get("PHOENIX-PD");
        assertEquals(MsgType.Alert, again.msgType());
        assertEquals("Stop, 3 kg fentanyl", again.told().headline());
    }

    @Test
    void aRetractionOrAnAmendmentWithoutTheValueCancelsBothSides() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting phoenix = sighting("PHOENIX-PD", "AMBER", "Seizure", T0.plusSeconds(60));
        ValueState matched = apply(apply(ValueState.empty(), tampa).state(), phoenix).state();

        Decision retracted = MatchRules.apply(matched, Change.gone(amended(tampa, "AMBER", null, 2),
                CancelReason.RETRACTED), SETTINGS);
        assertEquals(Set.of("TAMPA-PD", "PHOENIX-PD"), byRecipient(retracted.messages()).keySet());
        retracted.messages().forEach(m -> {
            assertEquals(MsgType.Cancel, m.msgType());
            assertEquals(CancelReason.RETRACTED, m.cancelReason());
        });
        assertTrue(retracted.state().told().isEmpty());
        assertEquals(List.of(phoenix.reportId()),
                retracted.state().sightings().stream().map(Sighting::reportId).toList());

        Decision removed = MatchRules.apply(matched, Change.gone(amended(phoenix, "AMBER", "Seizure", 2),
                CancelReason.ENTITY_REMOVED), SETTINGS);
        removed.messages().forEach(m -> assertEquals(CancelReason.ENTITY_REMOVED, m.cancelReason()));
        assertEquals(2, removed.messages().size());
    }

    @Test
    void aReportOlderThanTheWindowMatchesNothingAndIsForgotten() {
        Sighting old = sighting("TAMPA-PD", "AMBER", "Old stop", T0.minus(Duration.ofDays(91)));
        Decision d = apply(apply(ValueState.empty(), old).state(), sighting("PHOENIX-PD", "AMBER", "New", T0));
        assertTrue(d.messages().isEmpty());
        assertEquals(1, d.state().sightings().size(), "the old report is dropped as the new one comes");

        Sighting recent = sighting("TAMPA-PD", "AMBER", "Recent stop", T0.minus(Duration.ofDays(89)));
        assertEquals(2, apply(apply(ValueState.empty(), recent).state(),
                sighting("PHOENIX-PD", "AMBER", "New", T0)).messages().size());
        ValueState pruned = MatchRules.prune(apply(ValueState.empty(), recent).state(), T0.plus(Duration.ofDays(2)),
                MatchRules.WINDOW);
        assertTrue(pruned.isEmpty());
    }

    @Test
    void aMatchOutlivesTheWindowUntilItIsWithdrawn() {
        // PCSO's report on day 0, HCSO's on day 89: a match, each side told of the other
        Sighting pcso = sighting("PCSO", "AMBER", "PCSO: seizure", T0);
        Sighting hcso = sighting("HCSO", "AMBER", "HCSO: stop", T0.plus(Duration.ofDays(89)));
        ValueState matched = apply(apply(ValueState.empty(), pcso).state(), hcso).state();
        UUID hcsoMatch = matched.told().get(MatchRules.pair(hcso.reportId(), pcso.reportId())).matchId();
        // on day 91 PCSO's report is past the window: the value keeps it for the match HCSO still holds
        ValueState pruned = MatchRules.prune(matched, T0.plus(Duration.ofDays(91)), MatchRules.WINDOW);
        assertEquals(matched, pruned, "nothing of a match still held is forgotten");

        // PCSO narrows its report to RED on day 91: HCSO's alert is cancelled; PCSO is not told of HCSO again
        Sighting red = new Sighting(pcso.reportId(), "PCSO", 2, "RED", "PCSO: seizure", pcso.jurisdiction(),
                pcso.entity(), T0.plus(Duration.ofDays(91)));
        Decision narrowed = MatchRules.apply(pruned, Change.present(red), SETTINGS);
        assertEquals(1, narrowed.messages().size(), "one message: " + narrowed.messages());
        Message cancel = narrowed.messages().get(0);
        assertEquals(MsgType.Cancel, cancel.msgType());
        assertEquals("HCSO", cancel.told().recipient());
        assertEquals(hcsoMatch, cancel.told().matchId());
        assertEquals(CancelReason.MARKING_CHANGED, cancel.cancelReason());

        // or PCSO retracts it on day 200: both sides are cancelled
        Sighting retracted = new Sighting(pcso.reportId(), "PCSO", 2, "AMBER", null, pcso.jurisdiction(),
                pcso.entity(), T0.plus(Duration.ofDays(200)));
        ValueState later = MatchRules.prune(matched, T0.plus(Duration.ofDays(199)), MatchRules.WINDOW);
        Decision gone = MatchRules.apply(later, Change.gone(retracted, CancelReason.RETRACTED), SETTINGS);
        assertEquals(Set.of("HCSO", "PCSO"), byRecipient(gone.messages()).keySet());
        assertTrue(gone.messages().stream().allMatch(m -> m.msgType() == MsgType.Cancel));
        // once withdrawn, the old reports are forgotten at the next prune
        assertTrue(MatchRules.prune(gone.state(), T0.plus(Duration.ofDays(200)), MatchRules.WINDOW).isEmpty());

        // a third agency's report on day 150 starts no match with either: both are past the window for it
        Decision third = apply(later, sighting("DEA", "AMBER", "DEA: buy", T0.plus(Duration.ofDays(150))
                .plus(Duration.ofDays(30))));
        assertTrue(third.messages().isEmpty(), "reports past the window start no match: " + third.messages());
    }

    @Test
    void aValueInMoreThanFiftyReportsStopsMatchingAndItsStateStaysSmall() {
        ValueState state = ValueState.empty();
        int crossings = 0;
        for (int i = 0; i < 50; i++) {
            Decision d = apply(state, sighting("TAMPA-PD", "AMBER", "Report " + i, T0.plusSeconds(i)));
            crossings += d.common() ? 1 : 0;
            state = d.state();
        }
        assertEquals(0, crossings);
        assertEquals(50, state.sightings().size());
        Decision match = apply(state, sighting("PHOENIX-PD", "AMBER", "The 51st", T0.plusSeconds(100)));
        assertTrue(match.common(), "the 51st report makes the value common");
        assertEquals(51, match.reports());
        assertTrue(match.messages().isEmpty(), "a common value starts no match");
        assertTrue(match.state().common());
        assertTrue(match.state().sightings().isEmpty(), "no match made: no report kept");

        ValueState common = match.state();
        Decision later = apply(common, sighting("HCSO", "AMBER", "Another", T0.plusSeconds(200)));
        assertTrue(later.messages().isEmpty());
        assertFalse(later.common(), "it became common once");
        assertSame(common, later.state(), "within the hour a common value's state is not even written");
        assertTrue(MatchRules.prune(common, T0.plus(Duration.ofDays(91)), MatchRules.WINDOW).isEmpty(),
                "a whole window without it, and it is common no more");
    }

    @Test
    void aCommonValuesHeadDecidesOnlyWhatApplyWouldLeaveUnchanged() {
        // PHOENIX-PD's report, then TAMPA-PD's: a match each, until the 51st report makes the value common
        ValueState state = apply(ValueState.empty(), sighting("PHOENIX-PD", "AMBER", "First", T0)).state();
        Sighting matched = sighting("TAMPA-PD", "AMBER", "Matched", T0.plusSeconds(1));
        state = apply(state, matched).state();
        for (int i = 2; i <= 51; i++) {
            state = apply(state, sighting("HCSO", "AMBER", "Report " + i, T0.plusSeconds(i))).state();
        }
        assertTrue(state.common());
        assertFalse(state.told().isEmpty(), "its matches kept");
        Instant lastSeen = state.lastSeen();

        Change within = Change.present(sighting("PCSO", "AMBER", "Within the hour", lastSeen.plusSeconds(60)));
        Change after = Change.present(sighting("PCSO", "AMBER", "Two hours on", lastSeen.plus(Duration.ofHours(2))));
        Change keptAmended = Change.present(amended(matched, "GREEN", "Matched, amended", 2));
        Change keptGone = Change.gone(amended(matched, "AMBER", null, 3), CancelReason.RETRACTED);
        Change otherGone = Change.gone(sighting("PCSO", "AMBER", null, lastSeen.plusSeconds(5)),
                CancelReason.ENTITY_REMOVED);
        for (Change change : List.of(within, after, keptAmended, keptGone, otherGone)) {
            boolean unchanged = MatchRules.leavesUnchanged(state.common(), state.lastSeen(), state.sightings(),
                    change);
            Decision decision = MatchRules.apply(state, change, SETTINGS);
            if (unchanged) {
                assertSame(state, decision.state(), "decided by the head, so apply must leave the state as it is");
                assertTrue(decision.messages().isEmpty());
            }
        }
        assertTrue(MatchRules.leavesUnchanged(true, lastSeen, state.sightings(), within),
                "a new report within the hour is decided by the head");
        assertFalse(MatchRules.leavesUnchanged(true, lastSeen, state.sightings(), after), "the last sighting moves");
        assertFalse(MatchRules.leavesUnchanged(true, lastSeen, state.sightings(), keptAmended),
                "an amendment of a matched report may update its matches");
        assertFalse(MatchRules.leavesUnchanged(true, lastSeen, state.sightings(), keptGone));
        assertFalse(MatchRules.leavesUnchanged(true, lastSeen, state.sightings(), otherGone),
                "a value taken away is always left to apply");
        assertFalse(MatchRules.leavesUnchanged(false, lastSeen, List.of(), within), "a value not common");
        assertFalse(apply(state, after.sighting()).state() == state, "apply moves the last sighting");
        assertFalse(MatchRules.apply(state, keptAmended, SETTINGS).messages().isEmpty(),
                "the matched report's amendment updates what the other side was told");
    }

    @Test
    void anIgnoredValueOrASuspendedRecipientStartsNothing() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting phoenix = sighting("PHOENIX-PD", "AMBER", "Seizure", T0.plusSeconds(60));
        Settings ignored = new Settings(MatchRules.WINDOW, 50, true, agency -> false);
        ValueState one = MatchRules.apply(ValueState.empty(), Change.present(tampa), ignored).state();
        assertTrue(MatchRules.apply(one, Change.present(phoenix), ignored).messages().isEmpty());

        Settings phoenixSuspended = new Settings(MatchRules.WINDOW, 50, false, "PHOENIX-PD"::equals);
        Decision d = MatchRules.apply(one, Change.present(phoenix), phoenixSuspended);
        assertEquals(Set.of("TAMPA-PD"), byRecipient(d.messages()).keySet());
    }

    @Test
    void anOlderOrRepeatedVersionChangesNothing() {
        Sighting tampa = sighting("TAMPA-PD", "AMBER", "Trafficking stop", T0);
        Sighting phoenix = sighting("PHOENIX-PD", "AMBER", "Seizure", T0.plusSeconds(60));
        ValueState matched = apply(apply(ValueState.empty(), tampa).state(), phoenix).state();
        Decision again = apply(matched, phoenix);
        assertTrue(again.messages().isEmpty());
        assertSame(matched, again.state());
    }

    private static Decision apply(ValueState state, Sighting sighting) {
        return MatchRules.apply(state, Change.present(sighting), SETTINGS);
    }

    private static Sighting sighting(String agency, String tlp, String headline, Instant seen) {
        return new Sighting(UUID.randomUUID(), agency, 1, tlp, headline, "US-FL-12057", PHONE, seen);
    }

    private static Sighting amended(Sighting s, String tlp, String headline, int version) {
        return new Sighting(s.reportId(), s.agency(), version, tlp, headline, s.jurisdiction(), s.entity(),
                s.seen().plusSeconds(version));
    }

    private static Map<String, Message> byRecipient(List<Message> messages) {
        Map<String, Message> by = new TreeMap<>();
        messages.forEach(m -> by.put(m.told().recipient(), m));
        assertEquals(messages.size(), by.size(), "one message per recipient");
        return by;
    }
}
