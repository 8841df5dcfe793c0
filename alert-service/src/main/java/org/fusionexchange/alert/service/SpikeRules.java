package org.fusionexchange.alert.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Overdose spikes (DOMAIN.md, fusion intelligence; issue 17), as pure functions of a county's counts and the time.
 * <ul>
 * <li><b>What counts:</b> an OVERDOSE report marked CLEAR, GREEN or AMBER (no marking is AMBER), not retracted, in a
 * county ({@code US-XX-NNNNN}), in the 5-minute bucket of its {@code occurredAt}, if it occurred at most 24 h before
 * it is counted. An amendment takes the report's count away from where it was and adds it where it is now.</li>
 * <li><b>Windows:</b> hopping windows of 1 h advancing every 5 minutes, 6 h every 15 minutes, 24 h every hour, aligned
 * on the epoch: each is a run of whole buckets. A window is <i>live</i> while it has not been over for an hour.</li>
 * <li><b>Life cycle:</b> Alert when a live window first reaches its threshold (no spike active); Update when another
 * window size reaches its threshold, or a size reaches twice its threshold, for the first time in this spike;
 * Cancel once no live window is at its threshold and none has been for a whole hour. One spike per county at a
 * time.</li>
 * </ul>
 */
public final class SpikeRules {

    /** How late a report may be counted: at most this long after it occurred. */
    public static final Duration LATENESS = Duration.ofHours(24);
    /** A spike ends after this long with every window below its threshold. */
    public static final Duration QUIET = Duration.ofHours(1);
    static final Duration BUCKET = Duration.ofMinutes(5);
    /** Buckets older than this are dropped: the oldest window a late report can fall in ends no earlier. */
    public static final Duration RETENTION = LATENESS.plus(WindowSize.DAY.size).plus(QUIET);

    private static final Pattern COUNTY = Pattern.compile("US-[A-Z]{2}-[0-9]{5}");
    private static final Set<Tlp> COUNTED_MARKINGS = EnumSet.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);

    private SpikeRules() {
    }

    /** The three window sizes, with how often each advances. */
    public enum WindowSize {
        HOUR("PT1H", Duration.ofHours(1), Duration.ofMinutes(5)),
        SIX_HOURS("PT6H", Duration.ofHours(6), Duration.ofMinutes(15)),
        DAY("PT24H", Duration.ofHours(24), Duration.ofHours(1));

        final String iso;
        final Duration size;
        final Duration advance;

        WindowSize(String iso, Duration size, Duration advance) {
            this.iso = iso;
            this.size = size;
            this.advance = advance;
        }

        public String iso() {
            return iso;
        }
    }

    /** A county's thresholds per window size. */
    public record Thresholds(int hour, int sixHours, int day) {
        public Thresholds {
            if (hour < 1 || sixHours < 1 || day < 1) {
                throw new IllegalArgumentException("thresholds must be at least 1");
            }
        }

        int of(WindowSize size) {
            return switch (size) {
                case HOUR -> hour;
                case SIX_HOURS -> sixHours;
                case DAY -> day;
            };
        }
    }

    /** What one report adds to a county's counts, or null when it counts nowhere. */
    public record Contribution(String county, Instant occurredAt, boolean fatal, boolean naloxone) {
    }

    /** A change of a county's counts: one report added ({@code +1}) or taken away ({@code -1}). */
    public record Delta(String county, Instant occurredAt, int change, boolean fatal, boolean naloxone) {
    }

    /** One 5-minute bucket's counts. */
    public record Bucket(int count, int fatal, int naloxone) {
        Bucket plus(Delta d) {
            return new Bucket(count + d.change(), fatal + (d.fatal() ? d.change() : 0),
                    naloxone + (d.naloxone() ? d.change() : 0));
        }
    }

    /**
     * The spike in progress: its id, version, the window sizes that reached their threshold (and twice it) during
     * the spike, the last time a window was at its threshold, and every alert each recipient got of it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spike(UUID id, int version, Set<WindowSize> crossed, Set<WindowSize> doubled, Instant lastAbove,
            Map<String, List<UUID>> alerted) {
        public Spike {
            crossed = crossed.isEmpty() ? EnumSet.noneOf(WindowSize.class) : EnumSet.copyOf(crossed);
            doubled = doubled.isEmpty() ? EnumSet.noneOf(WindowSize.class) : EnumSet.copyOf(doubled);
            alerted = new LinkedHashMap<>(alerted);
        }
    }

    /** A county's counts, by bucket start (epoch seconds), and its spike in progress or null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CountyState(NavigableMap<Long, Bucket> buckets, Spike spike) {
        public CountyState {
            buckets = new TreeMap<>(buckets);
        }

        public static CountyState empty() {
            return new CountyState(new TreeMap<>(), null);
        }

        @JsonIgnore
        public boolean isEmpty() {
            return buckets.isEmpty() && spike == null;
        }
    }

    /** One window's counts. */
    public record WindowCount(WindowSize size, Instant start, Instant end, int count, int fatal, int naloxone,
            int threshold) {
        boolean crossed() {
            return count >= threshold;
        }

        boolean doubled() {
            return count >= 2 * threshold;
        }
    }

    /** A message the spike gives one recipient: its alert id and the recipient's earlier alerts of the spike. */
    public record Message(String recipient, MsgType msgType, UUID alertId, List<UUID> references) {
    }

    /** What {@link #decide} made of a county: its new state, the spike's messages, and the windows they report. */
    public record Decision(CountyState state, Spike spike, List<Message> messages, List<WindowCount> windows) {
    }

    /** Whether a county code names a county: counts are per county only. */
    public static boolean isCounty(String jurisdiction) {
        return jurisdiction != null && COUNTY.matcher(jurisdiction).matches();
    }

    /**
     * What a report version adds to the counts: an overdose, not retracted, marked CLEAR, GREEN or AMBER (as on the
     * wire; none is AMBER), in a county, with its time; null otherwise.
     */
    public static Contribution contribution(String type, boolean retracted, String tlp, String jurisdiction,
            Instant occurredAt, boolean fatal, boolean naloxone) {
        if (!"OVERDOSE".equals(type) || retracted || occurredAt == null || !isCounty(jurisdiction)
                || !COUNTED_MARKINGS.contains(Tlp.fromWire(tlp))) {
            return null;
        }
        return new Contribution(jurisdiction, occurredAt, fatal, naloxone);
    }

    /** Whether a report that occurred at {@code occurredAt} may still be counted at {@code now}. */
    public static boolean countable(Instant occurredAt, Instant now) {
        return !occurredAt.isBefore(now.minus(LATENESS));
    }

    /**
     * The deltas that take a report from what it contributed before to what it contributes now ({@code before} was
     * counted; {@code after} is counted only if it is still {@link #countable}).
     */
    public static List<Delta> deltas(Contribution before, Contribution after) {
        List<Delta> deltas = new ArrayList<>(2);
        if (before != null && before.equals(after)) {
            return deltas;
        }
        if (before != null) {
            deltas.add(new Delta(before.county(), before.occurredAt(), -1, before.fatal(), before.naloxone()));
        }
        if (after != null) {
            deltas.add(new Delta(after.county(), after.occurredAt(), 1, after.fatal(), after.naloxone()));
        }
        return deltas;
    }

    /** The counts with one delta applied; a delta for a bucket already dropped changes nothing. */
    public static CountyState apply(CountyState state, Delta delta) {
        long bucket = bucketOf(delta.occurredAt());
        TreeMap<Long, Bucket> buckets = new TreeMap<>(state.buckets());
        Bucket now = buckets.getOrDefault(bucket, new Bucket(0, 0, 0)).plus(delta);
        if (now.count() <= 0) {
            buckets.remove(bucket);
        } else {
            buckets.put(bucket, now);
        }
        return new CountyState(buckets, state.spike());
    }

    /** The counts without buckets too old to be in any window that matters any more. */
    public static CountyState prune(CountyState state, Instant now) {
        long oldest = bucketOf(now.minus(RETENTION));
        if (state.buckets().isEmpty() || state.buckets().firstKey() >= oldest) {
            return state;
        }
        return new CountyState(state.buckets().tailMap(oldest, true), state.spike());
    }

    /**
     * The spike with its last time above a threshold brought up to {@code now}, nothing else: before a delta takes a
     * report away, so that the quiet hour starts when the count fell, not at the last check.
     */
    public static CountyState touch(CountyState state, Thresholds thresholds, Instant now) {
        Spike spike = state.spike();
        if (spike == null) {
            return state;
        }
        Instant above = lastAbove(liveWindows(state.buckets(), thresholds, now), now);
        if (above == null || !above.isAfter(spike.lastAbove())) {
            return state;
        }
        return new CountyState(state.buckets(), new Spike(spike.id(), spike.version(), spike.crossed(),
                spike.doubled(), above, spike.alerted()));
    }

    /** The latest time a live window was at its threshold: its end, or now if it has not ended; null if none. */
    private static Instant lastAbove(List<WindowCount> live, Instant now) {
        Instant lastAbove = null;
        for (WindowCount w : live) {
            if (w.crossed()) {
                Instant above = w.end().isBefore(now) ? w.end() : now;
                lastAbove = lastAbove == null || above.isAfter(lastAbove) ? above : lastAbove;
            }
        }
        return lastAbove;
    }

    /**
     * Decides what the county's counts mean at {@code now}: a new spike, an Update, a Cancel, or nothing.
     * {@code recipients} are the agencies alerted of a spike in this county now (asked only when an Alert or Update
     * goes out).
     */
    public static Decision decide(CountyState state, Thresholds thresholds, Instant now,
            java.util.function.Supplier<List<String>> recipients) {
        List<WindowCount> live = liveWindows(state.buckets(), thresholds, now);
        Set<WindowSize> crossed = EnumSet.noneOf(WindowSize.class);
        Set<WindowSize> doubled = EnumSet.noneOf(WindowSize.class);
        Instant lastAbove = lastAbove(live, now);
        for (WindowCount w : live) {
            if (w.crossed()) {
                crossed.add(w.size());
            }
            if (w.doubled()) {
                doubled.add(w.size());
            }
        }
        List<WindowCount> shown = shownWindows(live, thresholds, now);
        Spike spike = state.spike();
        if (spike == null) {
            if (crossed.isEmpty()) {
                return new Decision(state, null, List.of(), shown);
            }
            Spike started = new Spike(UUID.randomUUID(), 1, crossed, doubled, lastAbove, Map.of());
            return send(state, started, recipients.get(), shown);
        }
        Instant above = lastAbove == null || lastAbove.isBefore(spike.lastAbove()) ? spike.lastAbove() : lastAbove;
        if (crossed.isEmpty() && !above.isAfter(now.minus(QUIET))) {
            List<Message> cancels = new ArrayList<>();
            spike.alerted().forEach((recipient, earlier) -> cancels.add(
                    new Message(recipient, MsgType.Cancel, AlertIds.next(), List.copyOf(earlier))));
            Spike ended = new Spike(spike.id(), spike.version() + 1, spike.crossed(), spike.doubled(), above,
                    Map.of());
            return new Decision(new CountyState(state.buckets(), null), ended, cancels, shown);
        }
        boolean newlyCrossed = !spike.crossed().containsAll(crossed);
        boolean newlyDoubled = !spike.doubled().containsAll(doubled);
        Set<WindowSize> allCrossed = union(spike.crossed(), crossed);
        Set<WindowSize> allDoubled = union(spike.doubled(), doubled);
        Spike updated = new Spike(spike.id(), spike.version(), allCrossed, allDoubled, above, spike.alerted());
        if (!newlyCrossed && !newlyDoubled) {
            return new Decision(new CountyState(state.buckets(), updated), updated, List.of(), shown);
        }
        return send(state, new Spike(updated.id(), updated.version() + 1, allCrossed, allDoubled, above,
                updated.alerted()), recipients.get(), shown);
    }

    /** The spike's Alert or Update to each recipient: an Update to those it already alerted, an Alert to the rest. */
    private static Decision send(CountyState state, Spike spike, List<String> recipients, List<WindowCount> shown) {
        Map<String, List<UUID>> alerted = new LinkedHashMap<>(spike.alerted());
        List<Message> messages = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            List<UUID> earlier = alerted.getOrDefault(recipient, List.of());
            Message m = new Message(recipient, earlier.isEmpty() ? MsgType.Alert : MsgType.Update, AlertIds.next(),
                    List.copyOf(earlier));
            messages.add(m);
            List<UUID> now = new ArrayList<>(earlier);
            now.add(m.alertId());
            alerted.put(recipient, List.copyOf(now));
        }
        Spike sent = new Spike(spike.id(), spike.version(), spike.crossed(), spike.doubled(), spike.lastAbove(),
                alerted);
        return new Decision(new CountyState(state.buckets(), sent), sent, messages, shown);
    }

    /**
     * Every window, of every size, that holds at least one counted report and has not been over for an hour
     * (its end is after {@code now - QUIET}), with its counts.
     */
    static List<WindowCount> liveWindows(NavigableMap<Long, Bucket> buckets, Thresholds thresholds, Instant now) {
        List<WindowCount> windows = new ArrayList<>();
        if (buckets.isEmpty()) {
            return windows;
        }
        // the buckets' starts in order, and the sums of the counts of the first i buckets: a window's counts are two
        // binary searches and a difference, instead of a walk of its buckets (up to 288 for a day's window, and about
        // 60 windows for each overdose routed)
        int n = buckets.size();
        long[] starts = new long[n];
        int[] counts = new int[n + 1];
        int[] fatal = new int[n + 1];
        int[] naloxone = new int[n + 1];
        int i = 0;
        for (Map.Entry<Long, Bucket> entry : buckets.entrySet()) {
            Bucket b = entry.getValue();
            starts[i] = entry.getKey();
            counts[i + 1] = counts[i] + b.count();
            fatal[i + 1] = fatal[i] + b.fatal();
            naloxone[i + 1] = naloxone[i] + b.naloxone();
            i++;
        }
        long quietSince = now.minus(QUIET).getEpochSecond();
        for (WindowSize size : WindowSize.values()) {
            long length = size.size.getSeconds();
            long advance = size.advance.getSeconds();
            // windows that contain a bucket: start in (first bucket - length, last bucket], on the advance grid
            long from = Math.floorDiv(starts[0] - length + advance, advance) * advance;
            from = Math.max(from, Math.floorDiv(quietSince - length, advance) * advance);
            long to = starts[n - 1];
            for (long start = from; start <= to; start += advance) {
                long end = start + length;
                if (end <= quietSince) {
                    continue;
                }
                // the buckets in [start, end)
                int first = firstAtOrAfter(starts, start);
                int last = firstAtOrAfter(starts, end);
                int count = counts[last] - counts[first];
                if (count > 0) {
                    windows.add(new WindowCount(size, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), count,
                            fatal[last] - fatal[first], naloxone[last] - naloxone[first], thresholds.of(size)));
                }
            }
        }
        return windows;
    }

    /** The index of the first of the sorted, distinct {@code keys} at or after {@code key} (their length if none). */
    private static int firstAtOrAfter(long[] keys, long key) {
        int at = Arrays.binarySearch(keys, key);
        return at >= 0 ? at : -at - 1;
    }

    /**
     * Per size, the live window with the highest count (the latest of equals); a size with no live count shows the
     * latest window that has started, with nothing in it.
     */
    static List<WindowCount> shownWindows(List<WindowCount> live, Thresholds thresholds, Instant now) {
        List<WindowCount> shown = new ArrayList<>(3);
        for (WindowSize size : WindowSize.values()) {
            WindowCount best = null;
            for (WindowCount w : live) {
                if (w.size() == size && (best == null || w.count() >= best.count())) {
                    best = w;
                }
            }
            if (best == null) {
                long advance = size.advance.getSeconds();
                long start = Math.floorDiv(now.getEpochSecond(), advance) * advance;
                best = new WindowCount(size, Instant.ofEpochSecond(start),
                        Instant.ofEpochSecond(start + size.size.getSeconds()), 0, 0, 0, thresholds.of(size));
            }
            shown.add(best);
        }
        return shown;
    }

    static long bucketOf(Instant at) {
        long seconds = BUCKET.getSeconds();
        return Math.floorDiv(at.getEpochSecond(), seconds) * seconds;
    }

    private static Set<WindowSize> union(Set<WindowSize> a, Set<WindowSize> b) {
        Set<WindowSize> all = EnumSet.noneOf(WindowSize.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
