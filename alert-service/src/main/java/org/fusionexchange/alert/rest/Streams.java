package org.fusionexchange.alert.rest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.alert.config.AlertConfig;
import org.jboss.logging.Logger;

/**
 * What the open SSE streams of this instance share: their places under the limits (per analyst, per agency), the
 * few threads that read replay pages from the database (a replay never waits for a client on a thread: each send
 * continues the replay when it completes), and the timer that ends streams when their token expires.
 */
@ApplicationScoped
public class Streams {

    private static final Logger LOG = Logger.getLogger(Streams.class);
    private static final int REPLAY_THREADS = 4;

    private final AlertConfig config;
    private final Map<String, Integer> perAgency = new HashMap<>();
    private final Map<String, Integer> perAnalyst = new HashMap<>();
    private final ExecutorService replays = Executors.newFixedThreadPool(REPLAY_THREADS, daemon("sse-replay"));
    private final ScheduledExecutorService timer = expiryTimer();

    public Streams(AlertConfig config) {
        this.config = config;
    }

    /**
     * The timer of the streams' expiries. A stream that closes early cancels its expiry, which must then leave the
     * queue at once: kept until its delay ran out (the default), it would hold the closed connection, its buffer and
     * its caller's identity on the heap for up to the token's lifetime.
     */
    static ScheduledThreadPoolExecutor expiryTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("sse-timer"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * Takes a place for a new stream, or refuses it with 429 when the analyst or the agency has as many open as
     * allowed. @return what gives the place back (once, however often it is run)
     */
    public synchronized Runnable admit(String agency, String analyst) {
        String user = agency + "/" + analyst;
        int ofAgency = perAgency.getOrDefault(agency, 0);
        int ofAnalyst = perAnalyst.getOrDefault(user, 0);
        String over = null;
        if (ofAnalyst >= config.stream().maxPerUser()) {
            over = "You have " + ofAnalyst + " streams open, the most allowed per user; close one first.";
        } else if (ofAgency >= config.stream().maxPerAgency()) {
            over = "Your agency has " + ofAgency + " streams open, the most allowed per agency.";
        }
        if (over != null) {
            LOG.warnf("Stream of %s of %s refused: %d of the analyst, %d of the agency open", analyst, agency,
                    ofAnalyst, ofAgency);
            throw new RetryLater(Problem.of("too-many-streams", "Too many streams", 429, over),
                    config.stream().retryAfter());
        }
        perAgency.put(agency, ofAgency + 1);
        perAnalyst.put(user, ofAnalyst + 1);
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(agency, user);
            }
        };
    }

    private synchronized void release(String agency, String user) {
        perAgency.computeIfPresent(agency, (k, n) -> n > 1 ? n - 1 : null);
        perAnalyst.computeIfPresent(user, (k, n) -> n > 1 ? n - 1 : null);
    }

    ExecutorService replays() {
        return replays;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    @PreDestroy
    void stop() {
        replays.shutdownNow();
        timer.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
