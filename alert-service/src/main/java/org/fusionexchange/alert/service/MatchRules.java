package org.fusionexchange.alert.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Cross-agency entity matches (DOMAIN.md, fusion intelligence), as pure rules over one entity value's state: which
 * reports contained the value, and what each recipient has been told of each match. The Kafka Streams steps
 * ({@code messaging/EntitySteps}) keep the state and send the messages.
 * <ul>
 * <li>A value is a normalised phone (E.164), VIN, or plate with its issuing subdivision, as its {@linkplain #key
 * key}.</li>
 * <li>A match is a pair of reports of two agencies that contained the same value within the window (90 days by
 * default). Each side is told of the other's report as the other's marking allows ({@link Level}): CLEAR, GREEN or
 * AMBER, the headline, the value and the originator; AMBER+STRICT, the originator's code and the value only; RED,
 * nothing. Each side is a match of its own, with its own id, its own Alert, Updates and Cancel.</li>
 * <li>A retraction, or an amendment that removes the value, cancels the report's matches on both sides; a marking
 * narrowed to RED cancels what the other side was told; a narrower or wider marking otherwise updates it (CLEAR to
 * AMBER too: the alert carries the other report's marking). A suspended recipient is sent no Update: what it was told
 * is cancelled instead ({@code AGENCY_SUSPENDED}), as routing does. A Cancel carries identifiers and a reason only.</li>
 * <li>A value seen in more reports than the limit (50 by default) within the window, or on the directory's ignore
 * list, starts no new match. A common value's state keeps only its matches' reports, so it cannot grow.</li>
 * </ul>
 */
public final class MatchRules {

    /** How far back a report's values still match, by default; {@code alert.matches.window}. */
    public static final Duration WINDOW = Duration.ofDays(90);

    private static final Pattern SUBDIVISION = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");
    private static final Pattern STATE = Pattern.compile("[A-Z0-9]{1,3}");

    private MatchRules() {
    }

    public enum Kind {
        PHONE, VIN, PLATE
    }

    /**
     * How much a recipient learns of the other agency's report: its headline, value and originator (FULL), the
     * originator's code and the value only, "contact the originator" (CONTACT), or nothing (NONE).
     */
    public enum Level {
        NONE, CONTACT, FULL;

        /** What a report marked so tells another agency that reported the same value. */
        public static Level of(String tlp) {
            return switch (Tlp.fromWire(tlp)) {
                case CLEAR, GREEN, AMBER -> FULL;
                case AMBER_STRICT -> CONTACT;
                case RED -> NONE;
            };
        }
    }

    /**
     * One value of a report: its key, kind, normalised value, issuing subdivision (plates only), how the agency wrote
     * it, and for a VIN its check ({@code VALID}, {@code INVALID}, {@code UNCHECKED}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entity(String key, Kind kind, String value, String plateState, String written, String vinCheck) {
    }

    public static Entity phone(String e164, String written) {
        if (e164 == null || e164.isBlank()) {
            return null;
        }
        return new Entity("phone:" + e164, Kind.PHONE, e164, null, written, null);
    }

    public static Entity vin(String normalized, String vinCheck, String written) {
        if (normalized == null || normalized.isBlank()) {
            return null;
        }
        String vin = normalized.toUpperCase(Locale.ROOT);
        return new Entity("vin:" + vin, Kind.VIN, vin, null, written, vinCheck);
    }

    /**
     * A plate with its issuing state. {@code FL} and {@code US-FL} are the same state: a state written without its
     * country is in the country of the report's jurisdiction. A plate without a state, or with a state that is
     * neither, matches nothing.
     */
    public static Entity plate(String normalizedPlate, String normalizedState, String jurisdiction, String written) {
        if (normalizedPlate == null || normalizedPlate.isBlank() || normalizedState == null) {
            return null;
        }
        String state = normalizedState.trim().toUpperCase(Locale.ROOT);
        if (!SUBDIVISION.matcher(state).matches()) {
            if (!STATE.matcher(state).matches() || jurisdiction == null || jurisdiction.length() < 2) {
                return null;
            }
            state = jurisdiction.substring(0, 2).toUpperCase(Locale.ROOT) + "-" + state;
        }
        String plate = normalizedPlate.toUpperCase(Locale.ROOT);
        return new Entity("plate:" + state + ":" + plate, Kind.PLATE, plate, state, written, null);
    }

    /** A report that contained a value: what the other side may be told of it, and when it last contained it. */
    public record Sighting(UUID reportId, String agency, int version, String tlp, String headline,
            String jurisdiction, Entity entity, Instant seen) {
    }

    /**
     * What one recipient was told of one match: the match's id and version, the alerts it sent (an Update or Cancel
     * references them), and what it showed (the level, the other report's headline, and the marking its last alert
     * carried: null in states written before 2026-12-08, which the next change of either report then updates).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Told(String recipient, UUID ownReport, UUID otherReport, UUID matchId, int version, Level level,
            String headline, List<UUID> alerts, String tlp) {
    }

    /**
     * The marking of what a recipient is told at {@code level} of a report marked {@code otherTlp}: the other
     * report's own (FULL), TLP:AMBER+STRICT for "contact the originator" (CONTACT), none for nothing (NONE).
     */
    public static String marking(Level level, String otherTlp) {
        return switch (level) {
            case FULL -> Tlp.fromWire(otherTlp).wire();
            case CONTACT -> Tlp.AMBER_STRICT.wire();
            case NONE -> null;
        };
    }

    /**
     * A value's state: the reports that contained it (newest last), and what each match's recipient was told. A
     * common value (more reports than the limit within the window) keeps only the reports of its matches so far, for
     * their Updates and Cancels, and when a report last held it: it stays common until a whole window passes without
     * one, and costs a few bytes per report meanwhile.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ValueState(List<Sighting> sightings, Map<String, Told> told, boolean common, Instant lastSeen) {
        public ValueState {
            sightings = sightings == null ? List.of() : List.copyOf(sightings);
            told = told == null ? Map.of() : Map.copyOf(told);
        }

        public ValueState(List<Sighting> sightings, Map<String, Told> told) {
            this(sightings, told, false, null);
        }

        public static ValueState empty() {
            return new ValueState(List.of(), Map.of());
        }

        @JsonIgnore
        public boolean isEmpty() {
            return sightings.isEmpty() && told.isEmpty() && !common;
        }
    }

    /**
     * A change of one report's value: present with the report's new version, or gone (the report retracted, or
     * amended without it) with the reason its matches are cancelled.
     */
    public record Change(Sighting sighting, CancelReason gone) {
        public static Change present(Sighting sighting) {
            return new Change(sighting, null);
        }

        public static Change gone(Sighting sighting, CancelReason reason) {
            return new Change(sighting, reason);
        }
    }

    /**
     * What the rules need of the rest of the exchange: the window, the limit of reports past which a value is
     * common, whether the value is on the ignore list, and which agencies are suspended.
     */
    public record Settings(Duration window, int commonLimit, boolean ignored, Predicate<String> suspended) {
    }

    /** One message to one recipient about one match: the new or last {@link Told}, and for a Cancel its reason. */
    public record Message(MsgType msgType, UUID alertId, List<UUID> references, Told told, Sighting own,
            Sighting other, CancelReason cancelReason) {
    }

    /**
     * What a change made of a value: its new state, the messages, and whether the value just became common (more
     * reports than the limit in the window), for the ignore list's candidates.
     */
    public record Decision(ValueState state, List<Message> messages, boolean common, int reports) {
    }

    /** Applies a change of one report to the value's state. An older or repeated version changes nothing. */
    public static Decision apply(ValueState state, Change change, Settings settings) {
        Sighting changed = change.sighting();
        Instant now = changed.seen();
        Sighting before = state.sightings().stream().filter(s -> s.reportId().equals(changed.reportId())).findFirst()
                .orElse(null);
        if (before != null && changed.version() <= before.version()) {
            return new Decision(state, List.of(), false, state.sightings().size());
        }
        Instant oldest = now.minus(settings.window());
        List<Sighting> sightings = new ArrayList<>(state.sightings().stream()
                .filter(s -> !s.reportId().equals(changed.reportId()))
                .filter(s -> state.common() || !s.seen().isBefore(oldest) || inMatch(state.told(), s.reportId()))
                .toList());
        Map<String, Told> told = new LinkedHashMap<>(state.told());
        List<Message> messages = new ArrayList<>();
        if (change.gone() != null) {
            // every match of the report, on both sides
            for (Told t : List.copyOf(told.values())) {
                if (t.ownReport().equals(changed.reportId()) || t.otherReport().equals(changed.reportId())) {
                    messages.add(cancel(t, change.gone()));
                    told.remove(pair(t.ownReport(), t.otherReport()));
                }
            }
            if (before == null && messages.isEmpty()) {
                return new Decision(state, List.of(), false, sightings.size());
            }
            return new Decision(new ValueState(sightings, told, state.common(), state.lastSeen()), messages, false,
                    sightings.size());
        }
        if (state.common() && before == null) {
            // a common value: a new report starts nothing, and is not kept; only when it was last held moves, by
            // the hour at most, so that most reports of a common value write nothing
            boolean moved = movesLastSeen(state.lastSeen(), now);
            return new Decision(moved ? new ValueState(state.sightings(), state.told(), true, now) : state,
                    List.of(), false, state.sightings().size());
        }
        sightings.add(changed);
        // the reports within the window: a report older than it is kept only for the matches it made
        int recent = (int) sightings.stream().filter(s -> !s.seen().isBefore(oldest)).count();
        boolean crossed = !state.common() && recent > settings.commonLimit();
        boolean common = state.common() || crossed;
        boolean startsMatches = !common && !settings.ignored();
        for (Sighting other : sightings) {
            if (other.agency().equals(changed.agency())) {
                continue;
            }
            // the changed report's agency, told of the other report; and the other's agency, told of this one
            tell(told, messages, changed, other, startsMatches, settings);
            tell(told, messages, other, changed, startsMatches, settings);
        }
        if (common) {
            // keep only the reports of matches already made
            sightings.removeIf(s -> told.values().stream().noneMatch(t -> t.ownReport().equals(s.reportId())
                    || t.otherReport().equals(s.reportId())));
        }
        int reports = crossed ? recent : sightings.size();
        return new Decision(new ValueState(sightings, told, common, common ? now : null), messages, crossed, reports);
    }

    /**
     * Whether {@link #apply} would leave the value's state as it is and send nothing, decided from the state's
     * head alone (whether it is common, when it was last held, and the reports it keeps), without its matches: a
     * report that a common value does not keep (it was never part of a match) starts nothing, and moves when the
     * value was last held by the hour at most. A common value stays common for as long as it is reported, so most of
     * its reports are decided here, however many matches it made before it became common. A value taken away is
     * always left to {@link #apply}.
     */
    public static boolean leavesUnchanged(boolean common, Instant lastSeen, List<Sighting> kept, Change change) {
        if (!common || change.gone() != null) {
            return false;
        }
        UUID report = change.sighting().reportId();
        return kept.stream().noneMatch(s -> s.reportId().equals(report))
                && !movesLastSeen(lastSeen, change.sighting().seen());
    }

    /** A common value's last sighting moves by the hour at most. */
    private static boolean movesLastSeen(Instant lastSeen, Instant now) {
        return lastSeen == null || now.isAfter(lastSeen.plus(Duration.ofHours(1)));
    }

    /**
     * Forgets the reports that contained the value longer ago than the window, but for those of matches made: a match's
     * recipient holds its alert whatever the reports' age, so what it was told, and both reports, stay until the match
     * is withdrawn (a retraction, an amendment without the value, a marking narrowed to RED), for its Update or Cancel.
     * A report older than the window starts no match. A common value held by no report for a whole window is common no
     * more.
     */
    public static ValueState prune(ValueState state, Instant now, Duration window) {
        Instant oldest = now.minus(window);
        List<Sighting> kept = state.sightings().stream()
                .filter(s -> !s.seen().isBefore(oldest) || inMatch(state.told(), s.reportId())).toList();
        boolean common = state.common() && state.lastSeen() != null && !state.lastSeen().isBefore(oldest);
        if (kept.size() == state.sightings().size() && common == state.common()) {
            return state;
        }
        return new ValueState(kept, state.told(), common, common ? state.lastSeen() : null);
    }

    /** Whether a report is one side of a match made and not withdrawn. */
    private static boolean inMatch(Map<String, Told> told, UUID report) {
        for (Told t : told.values()) {
            if (t.ownReport().equals(report) || t.otherReport().equals(report)) {
                return true;
            }
        }
        return false;
    }

    /** What {@code own}'s agency should be told of {@code other}, against what it was told; the message if any. */
    private static void tell(Map<String, Told> told, List<Message> messages, Sighting own, Sighting other,
            boolean startsMatches, Settings settings) {
        String pair = pair(own.reportId(), other.reportId());
        Told was = told.get(pair);
        Level level = Level.of(other.tlp());
        String headline = level == Level.FULL ? other.headline() : null;
        String marking = marking(level, other.tlp());
        if (was == null) {
            boolean inWindow = !other.seen().isBefore(own.seen().minus(settings.window()))
                    && !own.seen().isBefore(other.seen().minus(settings.window()));
            if (level == Level.NONE || !startsMatches || !inWindow || settings.suspended().test(own.agency())) {
                return;
            }
            UUID alert = AlertIds.next();
            Told now = new Told(own.agency(), own.reportId(), other.reportId(), UUID.randomUUID(), 1, level, headline,
                    List.of(alert), marking);
            told.put(pair, now);
            messages.add(new Message(MsgType.Alert, alert, List.of(), now, own, other, null));
            return;
        }
        if (level == Level.NONE) {
            messages.add(cancel(was, CancelReason.MARKING_CHANGED));
            told.remove(pair);
            return;
        }
        if (level == was.level() && Objects.equals(headline, was.headline()) && marking.equals(was.tlp())) {
            return;
        }
        if (settings.suspended().test(was.recipient())) {
            // as routing does: a suspended agency learns nothing new of a match, only that it is withdrawn
            messages.add(cancel(was, CancelReason.AGENCY_SUSPENDED));
            told.remove(pair);
            return;
        }
        UUID alert = AlertIds.next();
        List<UUID> alerts = new ArrayList<>(was.alerts());
        alerts.add(alert);
        Told now = new Told(was.recipient(), was.ownReport(), was.otherReport(), was.matchId(), was.version() + 1,
                level, headline, alerts, marking);
        told.put(pair, now);
        messages.add(new Message(MsgType.Update, alert, was.alerts(), now, own, other, null));
    }

    private static Message cancel(Told was, CancelReason reason) {
        Told last = new Told(was.recipient(), was.ownReport(), was.otherReport(), was.matchId(), was.version() + 1,
                Level.NONE, null, was.alerts(), null);
        return new Message(MsgType.Cancel, AlertIds.next(), was.alerts(), last, null, null, reason);
    }

    /** The key of what {@code own}'s agency was told of {@code other}. */
    static String pair(UUID own, UUID other) {
        return own + ">" + other;
    }
}
