package org.fusionexchange.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * One child process of the stack (Kafka, Keycloak or a service), with its output in a log file. Stopping is
 * graceful first (SIGTERM), then forced, and always takes the whole process tree: nothing is left behind.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManagedProcess.class.getName());

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Path logFile;
    private Process process;

    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path workingDir,
            Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            LOG.fine(() -> name + " started as pid " + process.pid() + ", log " + logFile);
        } catch (IOException e) {
            throw new StackException("Could not start " + name + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Resident memory of the process tree in KiB, read from /proc; 0 where that is not available. */
    public synchronized long residentKib() {
        if (!isAlive()) {
            return 0;
        }
        long total = rssKib(process.toHandle());
        for (ProcessHandle child : process.descendants().toList()) {
            total += rssKib(child);
        }
        return total;
    }

    private static long rssKib(ProcessHandle handle) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile, or this is not Linux
        }
        return 0;
    }

    /** Waits until the probe answers true, failing early with the log's tail if the process dies. */
    public void awaitReady(BooleanSupplier probe, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new StackException(name + " exited during start-up (exit " + exitCode() + "). Log tail:\n"
                        + logTail(40));
            }
            if (probe.getAsBoolean()) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new StackException(name + " was not ready after " + timeout.toSeconds() + " s. Log tail:\n" + logTail(40));
    }

    /** Waits for the process to end by itself and answers its exit code; fails after the timeout. */
    public int awaitExit(Duration timeout) {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running == null) {
            throw new StackException(name + " is not running");
        }
        try {
            if (!running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new StackException(name + " did not finish within " + timeout.toSeconds() + " s");
            }
            return running.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted", e);
        }
    }

    private synchronized String exitCode() {
        return process == null || process.isAlive() ? "?" : Integer.toString(process.exitValue());
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + logFile + ")";
        }
    }

    /** SIGTERM to the process (which forwards it where it is a launcher script), then SIGKILL after the grace. */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = tree();
        process.destroy();
        if (!waitFor(tree, grace)) {
            LOG.warning(name + " did not stop within " + grace.toSeconds() + " s; killing it");
            tree.forEach(ProcessHandle::destroyForcibly);
            waitFor(tree, Duration.ofSeconds(10));
        }
        process = null;
    }

    /** SIGKILL to the whole tree at once, as a crash would: for fault tests. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroyForcibly);
        waitFor(tree, Duration.ofSeconds(10));
        process = null;
    }

    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        return tree;
    }

    private static boolean waitFor(List<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : handles) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (handle.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted", e);
        }
    }

    /** The java executable of the JVM running the stack: children run on the same JDK. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
