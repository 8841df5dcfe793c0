package org.fusionexchange.intake.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit: items handed in by concurrent requests are written together, up to {@code maxGroup} per write and
 * at most {@code writers} writes at a time. There is no writer thread: a caller whose item is still queued when a
 * writer slot is free takes the queue and writes it for everyone in it, then wakes them. A lone caller writes its
 * item alone at once, so nothing waits for a group to fill.
 *
 * <p>A write is all or nothing. When a group's write fails, each of its items is written again alone, so that one
 * item cannot sink the others; the failure of an item written alone is thrown to the caller that handed it in.
 */
public final class GroupCommit<T> {

    private final Consumer<List<T>> write;
    private final int maxGroup;
    private final int writers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    private int writing;

    public GroupCommit(Consumer<List<T>> write, int maxGroup, int writers) {
        if (maxGroup < 1 || writers < 1) {
            throw new IllegalArgumentException("maxGroup and writers must be at least 1");
        }
        this.write = write;
        this.maxGroup = maxGroup;
        this.writers = writers;
    }

    /** Writes the item, alone or with others; returns once it is written, or throws why it could not be. */
    public void submit(T item) {
        Pending<T> mine = new Pending<>(item);
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (writing >= writers || queue.isEmpty()) {
                    // behind busy writers, or taken into a group being written: wait to be woken
                    changed.awaitUninterruptibly();
                    continue;
                }
                List<Pending<T>> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
                while (group.size() < maxGroup && !queue.isEmpty()) {
                    group.add(queue.poll());
                }
                writing++;
                lock.unlock();
                try {
                    writeGroup(group);
                } finally {
                    lock.lock();
                    for (Pending<T> pending : group) {
                        pending.done = true;
                    }
                    writing--;
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Runs without the lock; each item's outcome is published to its caller by the lock taken afterwards. */
    private void writeGroup(List<Pending<T>> group) {
        try {
            write.accept(group.stream().map(pending -> pending.item).toList());
        } catch (RuntimeException groupFailure) {
            if (group.size() == 1) {
                group.get(0).failure = groupFailure;
                return;
            }
            for (Pending<T> pending : group) {
                try {
                    write.accept(List.of(pending.item));
                } catch (RuntimeException failure) {
                    pending.failure = failure;
                }
            }
        } catch (Error fatal) {
            for (Pending<T> pending : group) {
                pending.failure = new IllegalStateException("Writing the group failed: " + fatal, fatal);
            }
            throw fatal;
        }
    }

    private static final class Pending<T> {
        final T item;
        boolean done;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }
}
