package org.fusionexchange.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's JIT compiler threads against the whole process, read from /proc: how far a service still is
 * from its steady state. A freshly started service on two busy cores compiles for minutes, and a figure measured
 * meanwhile says more about HotSpot's warm-up than about the service.
 */
final class CompilerActivity {

    /** CPU ticks of the process, and of each compiler thread (C1 and C2) by thread id, at one moment. */
    record Sample(long processTicks, Map<String, Long> compilerTicks) {

        /**
         * The compilers' share of the process's CPU between {@code earlier} and this sample, counting only compiler
         * threads present in both (HotSpot may start and stop them); empty when /proc could not tell.
         */
        OptionalDouble compilerShareSince(Sample earlier) {
            long process = processTicks - earlier.processTicks;
            if (earlier.processTicks <= 0 || process <= 0 || compilerTicks.isEmpty()) {
                return OptionalDouble.empty();
            }
            long compiler = 0;
            for (Map.Entry<String, Long> thread : compilerTicks.entrySet()) {
                Long before = earlier.compilerTicks.get(thread.getKey());
                if (before != null) {
                    compiler += thread.getValue() - before;
                }
            }
            return OptionalDouble.of((double) compiler / process);
        }
    }

    private final Path proc;

    CompilerActivity(long pid) {
        this.proc = Path.of("/proc", Long.toString(pid));
    }

    /** The current CPU ticks; a process tick count of 0 where /proc cannot be read (not Linux, or it ended). */
    Sample sample() {
        Map<String, Long> compilers = new HashMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                if (isCompiler(task)) {
                    compilers.put(task.getFileName().toString(), MachineCpu.ticks(task.resolve("stat")));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Sample(0, Map.of());
        }
        return new Sample(MachineCpu.ticks(proc.resolve("stat")), compilers);
    }

    private static boolean isCompiler(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).trim();
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        } catch (IOException e) {
            return false;
        }
    }
}
