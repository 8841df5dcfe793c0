package org.fusionexchange.bench;

import java.io.IOException;
import java.net.URI;
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
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Load on a service's REST API as one user: closed loop with N connections, open loop at a fixed rate, or a fixed
 * list of requests. A request with a body is a POST of that JSON, one without a GET.
 */
final class HttpLoad {

    /** What one run produced: accepted items per second, latencies of the counted answers, and the failures. */
    record Outcome(double itemsPerSecond, Latencies latencies, long items, long failures) {

        String note() {
            return items + " items, " + failures + " failed";
        }
    }

    /** How many items an answer accepted; negative when the answer is a failure. */
    @FunctionalInterface
    interface Counter {
        int items(HttpConnection.Answer answer);

        /** Whether the counter needs the answer's body. */
        default boolean readsBody() {
            return false;
        }
    }

    /** One item per answer with the status given. */
    static Counter status(int expected) {
        return answer -> answer.status() == expected ? 1 : -1;
    }

    /** A batch answer (200) counts the items it accepted, as its {@code accepted} field says. */
    static final Counter BATCH = new Counter() {
        @Override
        public int items(HttpConnection.Answer answer) {
            return answer.status() == 200 ? accepted(answer.body()) : -1;
        }

        @Override
        public boolean readsBody() {
            return true;
        }
    };

    /** A 201 answer to the open loop's request number {@code index} (from 0); when it arrived (System.nanoTime). */
    record Accepted(long index, String body, long arrivedNanos) {
    }

    /** Keep-alive connections not in use: N concurrent requests use N connections. */
    private final Queue<HttpConnection> idle = new ConcurrentLinkedQueue<>();
    private final URI base;
    private final Supplier<String> token;

    HttpLoad(String baseUrl, Supplier<String> token) {
        this.base = URI.create(baseUrl);
        this.token = token;
    }

    /**
     * Each of the connections sends one request after the other: for {@code ramp} unmeasured, then for
     * {@code duration} measured. {@code body} gives each request's body, or null for GETs.
     */
    Outcome closedLoop(String path, Supplier<byte[]> body, int connections, Duration ramp, Duration duration,
            Counter counter) throws InterruptedException {
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
                    HttpConnection.Answer answer = send(path, bearer, body == null ? null : body.get(),
                            counter.readsBody());
                    long took = System.nanoTime() - start;
                    if (measuring.get()) {
                        int items = answer == null ? -1 : counter.items(answer);
                        if (items >= 0) {
                            accepted.add(items);
                            latencies.record(took);
                        } else {
                            failures.increment();
                        }
                    }
                }
            }, "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(ramp.toMillis());
        measuring.set(true);
        long begin = System.nanoTime();
        Thread.sleep(duration.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - begin) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        closeConnections();
        return new Outcome(accepted.sum() / seconds, latencies, accepted.sum(), failures.sum());
    }

    /**
     * POSTs at a fixed rate whatever the answers' pace, measuring each latency from the time the request was due (no
     * coordinated omission). {@code body} gives the body of each request by its number, from 0; each 201 answer goes
     * to the listener with its request's number, its body and its arrival time.
     */
    Outcome openLoop(String path, int perSecond, Duration duration, LongFunction<byte[]> body,
            Consumer<Accepted> listener) throws InterruptedException {
        return openLoop(path, perSecond, duration, body, index -> null, listener);
    }

    /** The same, each request with the W3C {@code traceparent} {@code traceparent} gives it (null: none). */
    Outcome openLoop(String path, int perSecond, Duration duration, LongFunction<byte[]> body,
            LongFunction<String> traceparent, Consumer<Accepted> listener) throws InterruptedException {
        String bearer = token.get();
        ExecutorService senders = Executors.newFixedThreadPool(Math.min(256, Math.max(8, perSecond / 4)));
        LongAdder accepted = new LongAdder();
        LongAdder failures = new LongAdder();
        Latencies latencies = new Latencies();
        long total = Math.max(1, Math.round(perSecond * (duration.toMillis() / 1000.0)));
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long begin = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long index = i;
            long due = begin + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            senders.execute(() -> {
                HttpConnection.Answer answer = send(path, bearer, body.apply(index), true,
                        traceparent.apply(index));
                long now = System.nanoTime();
                if (answer != null && answer.status() == 201) {
                    accepted.increment();
                    latencies.record(now - due);
                    listener.accept(new Accepted(index, answer.body(), now));
                } else {
                    failures.increment();
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - begin) / 1e9;
        closeConnections();
        return new Outcome(accepted.sum() / seconds, latencies, accepted.sum(), failures.sum());
    }

    /**
     * Sends every body of the list once, over the connections, as fast as they are answered; each answer (null when
     * the request failed without one) goes to the listener, from the connection's thread.
     */
    void sendAll(String path, List<byte[]> bodies, int connections, Consumer<HttpConnection.Answer> listener)
            throws InterruptedException {
        String bearer = token.get();
        Queue<byte[]> left = new ConcurrentLinkedQueue<>(bodies);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                for (byte[] body = left.poll(); body != null; body = left.poll()) {
                    listener.accept(send(path, bearer, body, true));
                }
            }, "send-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(5));
        }
        closeConnections();
    }

    /** One GET with its body; null when it failed without an answer. */
    HttpConnection.Answer get(String path) {
        HttpConnection.Answer answer = send(path, token.get(), null, true);
        closeConnections();
        return answer;
    }

    /** One request on a pooled keep-alive connection; null when it failed without an answer. */
    private HttpConnection.Answer send(String path, String bearer, byte[] body, boolean readBody) {
        return send(path, bearer, body, readBody, null);
    }

    private HttpConnection.Answer send(String path, String bearer, byte[] body, boolean readBody,
            String traceparent) {
        HttpConnection connection = idle.poll();
        try {
            if (connection == null) {
                connection = new HttpConnection(base);
            }
            HttpConnection.Answer answer = connection.send(path, bearer, body, readBody, traceparent);
            if (connection.isOpen()) {
                idle.add(connection);
            } else {
                connection.close();
            }
            return answer;
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            return null;
        }
    }

    /** Closes the idle connections. */
    void closeConnections() {
        for (HttpConnection connection = idle.poll(); connection != null; connection = idle.poll()) {
            connection.close();
        }
    }

    /** The {@code accepted} count of a batch answer, found in the text: the generator shares the service's cores. */
    static int accepted(String batchAnswer) {
        String field = "\"accepted\":";
        int at = batchAnswer == null ? -1 : batchAnswer.indexOf(field);
        if (at < 0) {
            return -1;
        }
        int from = at + field.length();
        int to = from;
        while (to < batchAnswer.length() && Character.isDigit(batchAnswer.charAt(to))) {
            to++;
        }
        return to == from ? -1 : Integer.parseInt(batchAnswer.substring(from, to));
    }
}
