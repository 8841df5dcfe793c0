package org.fusionexchange.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Resident memory of each process, sampled every second through the whole run: the highest value seen, and the
 * last. A service restarted meanwhile (alert-service) counts with its new process.
 */
final class MemorySampler implements AutoCloseable {

    /** Highest and last resident MiB of a process. */
    record Resident(long maxMiB, long lastMiB) {
    }

    private final Map<String, LongSupplier> kib;
    private final Map<String, Long> max = new ConcurrentHashMap<>();
    private final Map<String, Long> last = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** @param kib per process name, its resident memory in KiB now (0 when it is not running) */
    MemorySampler(Map<String, LongSupplier> kib) {
        this.kib = new LinkedHashMap<>(kib);
        sampler = new Thread(this::run, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        kib.forEach((name, now) -> {
            long value = now.getAsLong();
            if (value > 0) {
                max.merge(name, value, Math::max);
                last.put(name, value);
            }
        });
    }

    /** What was seen so far, in the order the processes were given. */
    Map<String, Resident> seen() {
        sample();
        Map<String, Resident> seen = new LinkedHashMap<>();
        kib.keySet().forEach(name -> seen.put(name, new Resident(max.getOrDefault(name, 0L) / 1024,
                last.getOrDefault(name, 0L) / 1024)));
        return seen;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
