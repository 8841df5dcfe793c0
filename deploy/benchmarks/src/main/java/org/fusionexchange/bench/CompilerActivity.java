package org.fusionexchange.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's JIT compiler threads against the whole process, read from /proc: how far a service still is
 * from its steady state. A freshly started service on two busy cores compiles for minutes, and a figure measured
 * meanwhile says more about HotSpot's warm-up than about the service.
 */
final class CompilerActivity {

    /** CPU seconds of the process and of its compiler threads (C1 and C2) at one moment. */
    record Sample(double processSeconds, double compilerSeconds) {

        /** The compilers' share of the process's CPU between {@code earlier} and this sample. */
        double compilerShareSince(Sample earlier) {
            double process = processSeconds - earlier.processSeconds;
            return process <= 0 ? 0 : (compilerSeconds - earlier.compilerSeconds) / process;
        }
    }

    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

    private final long pid;

    CompilerActivity(long pid) {
        this.pid = pid;
    }

    /** The current CPU times; zero where /proc cannot be read (not Linux, or the process ended). */
    Sample sample() {
        double process = ticks(Path.of("/proc", Long.toString(pid), "stat"));
        double compiler = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (isCompiler(task)) {
                    compiler += ticks(task.resolve("stat"));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Sample(0, 0);
        }
        return new Sample(process / TICKS_PER_SECOND, compiler / TICKS_PER_SECOND);
    }

    private static boolean isCompiler(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).trim();
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        } catch (IOException e) {
            return false;
        }
    }

    /** utime + stime of a /proc stat line; the name before them may hold spaces, so fields count from its ')'. */
    private static double ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
