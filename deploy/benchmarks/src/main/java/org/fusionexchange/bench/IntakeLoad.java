package org.fusionexchange.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Load on intake-service's REST API: closed loop with N connections, or open loop at a fixed rate. */
final class IntakeLoad {

    /** What one run produced: accepted items per second, latencies, and refusals. */
    record Outcome(double itemsPerSecond, Latencies latencies, long failures) {
    }

    /** Keep-alive connections not in use: N concurrent requests use N connections. */
    private final Queue<HttpConnection> idle = new ConcurrentLinkedQueue<>();
    private final URI base;
    private final Supplier<String> token;

    IntakeLoad(String baseUrl, Supplier<String> token) {
        this.base = URI.create(baseUrl);
        this.token = token;
    }

    /** Each of the connections sends one request after the other for the duration; items per request given. */
    Outcome closedLoop(String path, int connections, Duration warmUp, Duration duration, Supplier<String> body,
            int itemsPerRequest, int expectedStatus) throws InterruptedException {
        String bearer = token.get();
        LongAdder accepted = new LongAdder();
        LongAdder failures = new LongAdder();
        Latencies latencies = new Latencies();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    int status = send(path, bearer, body.get(), null);
                    long took = System.nanoTime() - start;
                    if (measuring.get()) {
                        if (status == expectedStatus) {
                            accepted.add(itemsPerRequest);
                            latencies.record(took);
                        } else {
                            failures.increment();
                        }
                    }
                }
            });
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(warmUp.toMillis());
        measuring.set(true);
        long begin = System.nanoTime();
        Thread.sleep(duration.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - begin) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        closeConnections();
        return new Outcome(accepted.sum() / seconds, latencies, failures.sum());
    }

    /**
     * Sends at a fixed rate whatever the answers' pace, measuring each latency from the time the request was due
     * (no coordinated omission). Each accepted response body goes to the listener with its arrival time.
     */
    Outcome openLoop(int perSecond, Duration duration, Supplier<String> body, Consumer<Accepted> listener)
            throws InterruptedException {
        String bearer = token.get();
        ExecutorService senders = Executors.newFixedThreadPool(Math.min(256, Math.max(8, perSecond / 4)));
        LongAdder accepted = new LongAdder();
        LongAdder failures = new LongAdder();
        Latencies latencies = new Latencies();
        long total = (long) perSecond * duration.toSeconds();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long begin = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = begin + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            senders.execute(() -> {
                StringBuilder response = new StringBuilder();
                int status = send("/api/v1/reports", bearer, body.get(), response);
                long now = System.nanoTime();
                if (status == 201) {
                    accepted.increment();
                    latencies.record(now - due);
                    listener.accept(new Accepted(response.toString(), now));
                } else {
                    failures.increment();
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - begin) / 1e9;
        closeConnections();
        return new Outcome(accepted.sum() / seconds, latencies, failures.sum());
    }

    /** A 201 answer and when it arrived (System.nanoTime). */
    record Accepted(String body, long arrivedNanos) {
    }

    /** One request on a pooled keep-alive connection; -1 when it failed without an answer. */
    private int send(String path, String bearer, String body, StringBuilder response) {
        HttpConnection connection = idle.poll();
        try {
            if (connection == null) {
                connection = new HttpConnection(base);
            }
            HttpConnection.Answer answer = connection.post(path, bearer, body.getBytes(StandardCharsets.UTF_8),
                    response != null);
            if (response != null) {
                response.append(answer.body());
            }
            if (connection.isOpen()) {
                idle.add(connection);
            } else {
                connection.close();
            }
            return answer.status();
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            return -1;
        }
    }

    /** Closes the idle connections. */
    void closeConnections() {
        for (HttpConnection connection = idle.poll(); connection != null; connection = idle.poll()) {
            connection.close();
        }
    }
}
