package org.fusionexchange.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a stage: the CPU time of every process, by its part in the run (a service,
 * PostgreSQL, Kafka, Keycloak, pgbench or Kafka's perf tool, this load generator, the browser of the console's stages,
 * and "other": every process that is not the run's, or that none of these names), read from /proc. On two shared
 * cores this is what limits a figure: a part that takes most of the machine at some rate cannot go much faster.
 */
final class MachineCpu {

    /** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Java runs on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final long SELF = ProcessHandle.current().pid();
    static final String OTHER = "other";
    /** Processes started outside this program that count as the run's, with their children. */
    private static final Set<Long> ROOTS = ConcurrentHashMap.newKeySet();
    /** The baselines' load generators, which this program runs. */
    private static final String TOOLS = "pgbench or Kafka perf tool";
    /** Not a pid: the key of the CPU time of this program's reaped children. */
    private static final long REAPED_BY_SELF = -1;

    /** CPU ticks of each process, by pid with its part, at one moment. */
    record Sample(long nanos, Map<Long, Long> ticks, Map<Long, String> parts, Map<Long, Long> parents) {

        /**
         * Cores used by each part between {@code earlier} and this sample (1.0 is one core busy throughout). A process
         * started meanwhile counts from zero. One of the run's that ended meanwhile counts with its parent, which has
         * its CPU time once it reaped it: PostgreSQL's backends with PostgreSQL, Chromium's renderers with the
         * browser; pgbench and Kafka's perf tool, which this program runs, on their own. What such a process had used
         * by {@code earlier} is taken off its parent's: the reaped time is its whole life's, and the part before
         * {@code earlier} was counted then (Chromium's renderers, reaped by its zygote a reload after they started,
         * were counted twice, and the console's stages showed 2.8 cores busy on two). Empty when /proc could not be
         * read.
         */
        Map<String, Double> coresSince(Sample earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            Map<String, Double> cores = new TreeMap<>();
            if (seconds <= 0) {
                return cores;
            }
            Map<Long, Long> reapedBefore = new HashMap<>();
            earlier.parents.forEach((pid, parent) -> {
                if (!ticks.containsKey(pid)) {
                    reapedBefore.merge(parent, earlier.ticks.get(pid), Long::sum);
                }
            });
            ticks.forEach((pid, now) -> {
                long used = now - earlier.ticks.getOrDefault(pid, 0L) - reapedBefore.getOrDefault(pid, 0L);
                if (used > 0) {
                    cores.merge(parts.get(pid), used / TICKS_PER_SECOND / seconds, Double::sum);
                }
            });
            return cores;
        }
    }

    private MachineCpu() {
    }

    static Sample sample() {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> parts = new HashMap<>();
        Map<Long, Long> parents = new HashMap<>();
        Set<Long> ours = ours();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.toList()) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                long[] times = times(process.resolve("stat"));
                if (times.length == 0) {
                    continue;
                }
                boolean own = ours.contains(pid);
                // another process's reaped children would land all their lifetime's CPU in one stage (a test run's
                // forked JVM, minutes of it): those count only while they run
                ticks.put(pid, times[0] + times[1] + (pid == SELF || !own ? 0 : times[2] + times[3]));
                parts.put(pid, own ? part(pid, process) : OTHER);
                if (own && pid != SELF && ours.contains(times[4])) {
                    // whose reaped time its parent's count will hold: this program's own under REAPED_BY_SELF
                    parents.put(pid, times[4] == SELF ? REAPED_BY_SELF : times[4]);
                }
                if (pid == SELF) {
                    // the processes this program ran and reaped within a stage: pgbench, Kafka's perf tool
                    ticks.put(REAPED_BY_SELF, times[2] + times[3]);
                    parts.put(REAPED_BY_SELF, TOOLS);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Sample(System.nanoTime(), Map.of(), Map.of(), Map.of());
        }
        return new Sample(System.nanoTime(), ticks, parts, parents);
    }

    /**
     * The processes of this run: this program and what it started (the services, Kafka, Keycloak, pgbench, Kafka's
     * perf tool), and the PostgreSQL server given by {@link #countAsOurs} with its backends. Anything else on the
     * machine, another stack of the tests included, is "other".
     */
    private static Set<Long> ours() {
        Set<Long> ours = new HashSet<>();
        ours.add(SELF);
        ProcessHandle.current().descendants().forEach(p -> ours.add(p.pid()));
        for (long root : ROOTS) {
            ProcessHandle.of(root).ifPresent(p -> {
                ours.add(root);
                p.descendants().forEach(d -> ours.add(d.pid()));
            });
        }
        return ours;
    }

    /** Counts a process that this program did not start, and its children, as part of the run: PostgreSQL's. */
    static void countAsOurs(long pid) {
        ROOTS.add(pid);
    }

    private static String part(long pid, Path process) {
        if (pid == SELF) {
            return "load generator";
        }
        String command;
        try {
            command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
            if (command.isEmpty()) {
                // a zombie's: its name is still there, and its time until its parent reaps it
                command = Files.readString(process.resolve("comm")).strip();
            }
        } catch (IOException e) {
            return OTHER;
        }
        for (String service : new String[] { "intake-service", "alert-service", "directory-service" }) {
            if (command.contains(service + "/target/quarkus-app")) {
                return service;
            }
        }
        if (command.startsWith("postgres") || command.contains("/bin/postgres")) {
            return "PostgreSQL";
        }
        if (command.contains("ProducerPerformance") || command.contains("pgbench")) {
            return TOOLS;
        }
        if (command.contains("kafka.Kafka ")) {
            return "Kafka";
        }
        if (command.contains("keycloak")) {
            return "Keycloak";
        }
        // the console's stages: Playwright's driver and the headless Chromium it runs, with its renderers
        if (command.contains("chrom") || command.contains("headless_shell") || command.contains("playwright")) {
            return "browser";
        }
        return OTHER;
    }

    /** utime + stime of a process or thread. */
    static long ticks(Path stat) {
        long[] times = times(stat);
        return times.length == 0 ? 0 : times[0] + times[1];
    }

    /**
     * utime, stime, cutime and cstime from a /proc stat line, counting fields from the end of the name, which may
     * hold spaces, and the parent's pid; empty when it cannot be read (the process ended).
     */
    private static long[] times(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14]), Long.parseLong(fields[1]) };
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }
}
