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
 * write may start takes the queue and writes it for everyone in it, then wakes them. A lone caller writes its
 * item alone at once, so nothing waits for a group to fill; while one write is in progress, the items arriving
 * gather behind it, and a further write starts only once a quarter of a full group is waiting.
 *
 * <p>Each caller waits on its own condition and is woken only when it has a reason to look again: its item was
 * written (or failed), or it heads the queue while a writer slot is free. Waking every waiting caller at each
 * write's end costs a context switch per waiting request: with a few hundred requests in flight, that is hundreds
 * of wake-ups per group, most of them only to sleep again.
 *
 * <p>A write is all or nothing. When a group's write fails, each of its items is written again alone, so that one
 * item cannot sink the others; the failure of an item written alone is thrown to the caller that handed it in.
 */
public final class GroupCommit<T> {

    private final Consumer<List<T>> write;
    private final int maxGroup;
    private final int writers;
    /** How many queued items make it worth a write beside one in progress: a quarter of a full group. */
    private final int deepQueue;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    private int writing;
    /** How often a waiting caller woke up, whether or not it had anything to do then. Guarded by the lock. */
    private long wakeUps;

    public GroupCommit(Consumer<List<T>> write, int maxGroup, int writers) {
        if (maxGroup < 1 || writers < 1) {
            throw new IllegalArgumentException("maxGroup and writers must be at least 1");
        }
        this.write = write;
        this.maxGroup = maxGroup;
        this.writers = writers;
        this.deepQueue = Math.max(2, maxGroup / 4);
    }

    /** Writes the item, alone or with others; returns once it is written, or throws why it could not be. */
    public void submit(T item) {
        Pending<T> mine = new Pending<>(item, lock.newCondition());
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (mine.taken || !writerMayStart()) {
                    // taken into a group being written, or behind a write that the queue is too short to join with
                    // another: wait to be woken
                    mine.wake.awaitUninterruptibly();
                    wakeUps++;
                    continue;
                }
                // still queued, and a writer slot is free: write the group at the queue's head
                List<Pending<T>> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
                while (group.size() < maxGroup && !queue.isEmpty()) {
                    Pending<T> next = queue.poll();
                    next.taken = true;
                    group.add(next);
                }
                writing++;
                wakeHead();
                lock.unlock();
                try {
                    writeGroup(group);
                } finally {
                    lock.lock();
                    writing--;
                    for (Pending<T> pending : group) {
                        pending.done = true;
                        if (pending != mine) {
                            pending.wake.signal();
                        }
                    }
                    wakeHead();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** How often waiting callers have woken up so far: about once per item and once per group. */
    long wakeUps() {
        lock.lock();
        try {
            return wakeUps;
        } finally {
            lock.unlock();
        }
    }

    /**
     * With the lock held: whether a queued caller may start a write now. The first write at once; a further one only
     * while the queue holds at least {@link #deepQueue} items. At a steady moderate pace, a second writer taking every
     * lone arrival at once made a transaction per report: half the single-report rate cost intake and PostgreSQL as
     * much CPU as the full rate (deploy/bench/README.md, session 33). Behind one write, arrivals gather into the next.
     */
    private boolean writerMayStart() {
        return writing == 0 || writing < writers && queue.size() >= deepQueue;
    }

    /** With the lock held: wakes the queue's head if it may start a write, so that it writes the next group. */
    private void wakeHead() {
        Pending<T> head = queue.peek();
        if (head != null && writerMayStart()) {
            head.wake.signal();
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
        /** Signalled when the item is written, or when it heads the queue and a writer slot is free. */
        final Condition wake;
        /** Taken into a group: only its write's end concerns it now. Guarded by the lock, as is {@code done}. */
        boolean taken;
        boolean done;
        RuntimeException failure;

        Pending(T item, Condition wake) {
            this.item = item;
            this.wake = wake;
        }
    }
}
