package org.fusionexchange.alert.messaging;

import java.time.Duration;

import org.jboss.logging.Logger;

/**
 * A named background thread that runs a loop until stopped, and starts it again after a failure (broker or
 * database unreachable) after a pause.
 */
final class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    /** One run of the loop; it returns when {@link #running()} becomes false, or throws on failure. */
    interface Loop {
        void run() throws Exception;
    }

    private final String name;
    private final Duration pause;
    private volatile boolean running;
    private volatile boolean alive;
    private Thread thread;
    private Runnable wakeup = () -> {
    };

    Worker(String name, Duration pause) {
        this.name = name;
        this.pause = pause;
    }

    synchronized void start(Loop loop, Runnable wakeup) {
        running = true;
        thread = new Thread(() -> {
            alive = true;
            try {
                while (running) {
                    try {
                        loop.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        if (!running) {
                            return;
                        }
                        LOG.errorf(e, "%s failed; starting again in %s", name, pause);
                        sleep(pause);
                    }
                }
            } finally {
                alive = false;
            }
        }, name);
        thread.setDaemon(true);
        this.wakeup = wakeup;
        thread.start();
    }

    boolean running() {
        return running;
    }

    boolean alive() {
        return alive;
    }

    synchronized void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        wakeup.run();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
