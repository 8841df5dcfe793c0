package org.fusionexchange.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how often each stage runs. {@link #full()} is the measurement (at most about 24 minutes on two
 * cores: a run took 18 minutes here with warm-ups of at most 14 and 10 rounds and 15 s per list, which did not let
 * the JIT compilers settle, so they are longer now); {@link #quick()} checks that every stage works end to end in
 * about 5 minutes, with figures that mean little.
 *
 * @param repetitions of every stage and PostgreSQL baseline; the table gives their median, min and max
 * @param idleWait at most this long for the stack to settle after start-up before the baselines
 * @param intakeWarmUpRounds at most this many rounds of single reports then batches before intake is measured
 * @param ramp unmeasured load at the start of each closed-loop repetition
 * @param alertWarmUpRounds at most this many rounds of reports routed and streamed before alert-service is measured:
 *     16 until session 32, when its compiler still took 16 to 47% of its CPU in the last rounds and 41%, 23% and
 *     12% in the pipeline's three repetitions after them (C2 compiles its 2,300 hot methods at 13 ms each on a
 *     shared core)
 * @param entityCostReports reports per repetition of each half of entity matching's cost: 10,000 (the pipeline's
 *     count) until session 39, about 1.3 s a repetition, shorter than the gap between two of alert-service's full
 *     collections, so one collection, commit or checkpoint more or less in a repetition moved its rate by a tenth
 * @param latencySamples reports at least per repetition of a 201-to-SSE stage (each gives one sample per stream)
 * @param listLevels rows stored for the caller's agency, in the order measured
 * @param deepPages how many times the deep list page follows {@code next} from the first page
 * @param spikeCounties counties per repetition of the spike throughput stage, three overdoses each; with
 *     {@code spikeCrossings} times the repetitions, at most the 3,228 US counties a run can use once each
 * @param spikeCrossings counties crossing their threshold per repetition of the spike latency stage, one sample each
 * @param hopReports reports per repetition of Kafka Streams' hop with no routing in it ({@link StreamsHop}); 0 for
 *     none (it is measured only in the runs that measure routing)
 */
record Plan(String mode, int repetitions, Duration idleWait, Duration baseline, int producerRecords,
        int intakeWarmUpRounds, Duration warmUpSingles, Duration warmUpBatches, Duration ramp, Duration single,
        Duration batch, int alertWarmUpRounds, int alertWarmUpReports, int pipelineReports, int entityCostReports,
        Duration latency,
        int latencySamples, Duration halfCapacityAtLeast, List<Long> listLevels, Duration listWarmUp,
        Duration list, int deepPages, int spikeCounties, int spikeCrossings, int hopReports) {

    static Plan full() {
        return new Plan("full", 3, Duration.ofSeconds(90), Duration.ofSeconds(10), 200_000,
                20, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(15),
                Duration.ofSeconds(15), 40, 5_000, 10_000, 30_000, Duration.ofSeconds(30),
                3_000, Duration.ofSeconds(6), List.of(100_000L, 1_000_000L), Duration.ofSeconds(30),
                Duration.ofSeconds(8), 100, 400, 600, 100_000);
    }

    static Plan quick() {
        return new Plan("quick", 1, Duration.ofSeconds(20), Duration.ofSeconds(3), 30_000,
                1, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 1, 300, 2_000, 2_000, Duration.ofSeconds(10),
                500, Duration.ofSeconds(3), List.of(10_000L, 20_000L), Duration.ofSeconds(3),
                Duration.ofSeconds(3), 5, 66, 100, 10_000);
    }
}
