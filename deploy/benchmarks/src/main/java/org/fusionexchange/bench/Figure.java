package org.fusionexchange.bench;

import java.util.Map;

/**
 * One measured figure: a rate and, where it applies, latency percentiles in milliseconds, the baseline it is
 * compared to, and the cores each part of the run used meanwhile (see {@link MachineCpu}).
 */
public record Figure(String name, double perSecond, Double p50, Double p99, Double p999, String baseline,
        Double baselinePerSecond, Map<Double, Double> percentiles, Map<String, Double> cpuCores) {

    public Double ratio() {
        return baselinePerSecond == null || baselinePerSecond == 0 ? null : perSecond / baselinePerSecond;
    }

    static Figure rate(String name, double perSecond) {
        return new Figure(name, perSecond, null, null, null, null, null, Map.of(), Map.of());
    }

    static Figure latency(String name, double perSecond, Latencies latencies) {
        return new Figure(name, perSecond, latencies.millis(50), latencies.millis(99), latencies.millis(99.9), null,
                null, latencies.curve(), Map.of());
    }

    Figure against(String baselineName, double baselineRate) {
        return new Figure(name, perSecond, p50, p99, p999, baselineName, baselineRate, percentiles, cpuCores);
    }

    /** The same figure with the CPU measured over its stage. */
    Figure withCpu(Map<String, Double> cores) {
        return new Figure(name, perSecond, p50, p99, p999, baseline, baselinePerSecond, percentiles, cores);
    }
}
