package org.fusionexchange.directory.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * Runs a piece of work on its own thread whenever woken; wake-ups that arrive while a run is queued fold into it,
 * and runs never overlap. A wake-up during a run queues one more run, so no change is left waiting.
 */
public final class BackgroundLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackgroundLoop.class);

    private final String name;
    private final Runnable work;
    private final ExecutorService thread;
    private final AtomicBoolean queued = new AtomicBoolean();

    public BackgroundLoop(String name, Runnable work) {
        this.name = name;
        this.work = work;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public void wake() {
        if (!thread.isShutdown() && queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::run);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false);
            }
        }
    }

    private void run() {
        queued.set(false);
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s failed; it runs again at the next wake-up", name);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
