package org.fusionexchange.bench;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What one stage measured over its repetitions: the median, min and max rate, the baseline its median is divided by
 * (if any), and the target for it with whether this run met it.
 *
 * @param unit what the rate counts, per second ("tx/s", "reports/s", "alert records/s", "requests/s")
 * @param baseline the figure this one's median is divided by; null for the baselines and the latency stages
 * @param target the target in words; null where the issue sets none
 * @param met whether the target was met; null without a target, or where this run cannot judge it
 */
record Figure(String key, String name, String unit, List<Repetition> repetitions, Figure baseline, String target,
        Boolean met) {

    Figure {
        repetitions = List.copyOf(repetitions);
        if (repetitions.isEmpty()) {
            throw new IllegalArgumentException(name + " has no repetition");
        }
    }

    static Figure of(String key, String name, String unit, List<Repetition> repetitions) {
        return new Figure(key, name, unit, repetitions, null, null, null);
    }

    Figure against(Figure base) {
        return new Figure(key, name, unit, repetitions, base, target, met);
    }

    Figure withTarget(String words, boolean reached) {
        return new Figure(key, name, unit, repetitions, baseline, words, reached);
    }

    /** The target in words, not judged by this run (what it needs is missing), with the reason in the words. */
    Figure withTargetNotJudged(String words) {
        return new Figure(key, name, unit, repetitions, baseline, words, null);
    }

    double median() {
        return medianRepetition().perSecond();
    }

    double min() {
        return repetitions.stream().mapToDouble(Repetition::perSecond).min().orElseThrow();
    }

    double max() {
        return repetitions.stream().mapToDouble(Repetition::perSecond).max().orElseThrow();
    }

    /**
     * The repetition with the median rate (the lower middle one of an even count): its CPU is the one the table shows,
     * so that the CPU per item and the rate come from the same run.
     */
    Repetition medianRepetition() {
        List<Repetition> sorted = repetitions.stream().sorted(Comparator.comparingDouble(Repetition::perSecond))
                .toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** Median over the repetitions' ratio; null without a baseline. */
    Double ratio() {
        return baseline == null || baseline.median() <= 0 ? null : median() / baseline.median();
    }

    boolean hasLatency() {
        return repetitions.stream().allMatch(r -> r.latency() != null);
    }

    /** The median over the repetitions of a latency percentile (ms); null without latencies. */
    Double medianLatency(ToDoubleFunction<Latencies.Summary> percentile) {
        if (!hasLatency()) {
            return null;
        }
        List<Double> values = repetitions.stream().map(r -> percentile.applyAsDouble(r.latency())).sorted().toList();
        return values.get((values.size() - 1) / 2);
    }

    /** The highest p99 of any repetition (ms): a tail that must hold in every run. */
    Double worstP99() {
        return hasLatency() ? repetitions.stream().mapToDouble(r -> r.latency().p99()).max().orElseThrow() : null;
    }
}
