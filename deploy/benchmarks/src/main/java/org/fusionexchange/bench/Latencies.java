package org.fusionexchange.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies recorded in microseconds from many threads. */
final class Latencies {

    /** Percentiles in milliseconds, the number of samples, and the curve for the chart (percentile to ms). */
    record Summary(long samples, double p50, double p99, double p999, double max, Map<Double, Double> curve) {
    }

    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);

    void record(long nanos) {
        histogram.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(Math.max(nanos, 0)),
                histogram.getHighestTrackableValue()));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double millis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    Summary summary() {
        Map<Double, Double> curve = new LinkedHashMap<>();
        for (double p : new double[] { 0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99 }) {
            curve.put(p, millis(p));
        }
        return new Summary(count(), millis(50), millis(99), millis(99.9), histogram.getMaxValue() / 1000.0, curve);
    }
}
