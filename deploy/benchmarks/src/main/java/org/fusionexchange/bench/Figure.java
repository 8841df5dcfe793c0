package org.fusionexchange.bench;

import java.util.Map;

/**
 * One measured figure: a rate and, where it applies, latency percentiles in milliseconds, with the baseline it is
 * compared to.
 */
public record Figure(String name, double perSecond, Double p50, Double p99, Double p999, String baseline,
        Double baselinePerSecond, Map<Double, Double> percentiles) {

    public Double ratio() {
        return baselinePerSecond == null || baselinePerSecond == 0 ? null : perSecond / baselinePerSecond;
    }

    static Figure rate(String name, double perSecond) {
        return new Figure(name, perSecond, null, null, null, null, null, Map.of());
    }

    static Figure latency(String name, double perSecond, Latencies latencies) {
        return new Figure(name, perSecond, latencies.millis(50), latencies.millis(99), latencies.millis(99.9), null,
                null, latencies.curve());
    }

    Figure against(String baselineName, double baselineRate) {
        return new Figure(name, perSecond, p50, p99, p999, baselineName, baselineRate, percentiles);
    }
}
