package org.fusionexchange.bench;

import java.util.Map;

/**
 * One repetition of a stage: its rate, its latencies where it has any, the cores each part of the run used
 * meanwhile (see {@link MachineCpu}), a note on what it did (failures, rows, samples), and how many alerts it
 * waited for in vain.
 */
record Repetition(double perSecond, Latencies.Summary latency, Map<String, Double> cpuCores, String note,
        long missing) {

    static Repetition rate(double perSecond, String note) {
        return new Repetition(perSecond, null, Map.of(), note, 0);
    }

    static Repetition latency(double perSecond, Latencies latencies, String note) {
        return new Repetition(perSecond, latencies.summary(), Map.of(), note, 0);
    }

    Repetition withCpu(Map<String, Double> cores) {
        return new Repetition(perSecond, latency, Map.copyOf(cores), note, missing);
    }

    Repetition withNote(String text) {
        return new Repetition(perSecond, latency, cpuCores, text, missing);
    }

    Repetition withMissing(long alerts) {
        return new Repetition(perSecond, latency, cpuCores, note, alerts);
    }

    /** CPU milliseconds per item of this repetition, of the part given, at its rate; NaN without a rate. */
    double cpuMsPerItem(double cores) {
        return perSecond <= 0 ? Double.NaN : cores * 1000 / perSecond;
    }

    double totalCores() {
        return cpuCores.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
