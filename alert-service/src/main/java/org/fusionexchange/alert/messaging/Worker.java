package org.fusionexchange.alert.messaging;

import java.time.Duration;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * A named background thread that runs a loop until stopped, and starts it again after a failure (broker or
 * database unreachable) after a pause. Stopping wakes up the Kafka consumer the loop polls, if any.
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
    private volatile KafkaConsumer<?, ?> consumer;

    Worker(String name, Duration pause) {
        this.name = name;
        this.pause = pause;
    }

    synchronized void start(Loop loop) {
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
        thread.start();
    }

    /** The consumer the loop polls now: {@link #stop()} wakes it up. */
    <C extends KafkaConsumer<?, ?>> C polling(C current) {
        consumer = current;
        return current;
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
        KafkaConsumer<?, ?> current = consumer;
        if (current != null) {
            current.wakeup();
        }
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
