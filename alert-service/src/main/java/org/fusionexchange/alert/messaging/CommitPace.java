package org.fusionexchange.alert.messaging;

import java.time.Duration;
import java.util.Arrays;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * When routing's stream threads commit their Kafka transactions: soon after each record while a thread is not busy,
 * so that an alert reaches the read_committed readers (the live feed, the projection) within about a {@code tick}
 * of its report; and only at Kafka Streams' own commit interval, longer, while the thread processes more than
 * {@code busyRecords} records a tick on average over that interval. The count covers the whole interval, not a tick:
 * a busy thread's own commit can hold it longer than a tick, and a count by tick then found it quiet after every
 * commit and committed again at once (session 36's first try).
 * <p>
 * A commit costs the same however few records it holds: the producer's flush, the offsets, a transaction marker in
 * every partition the transaction wrote to. Entity matching adds four such partitions (the by-value topic's and its
 * store's changelog), and at a 10 ms interval for every load, a stage with a phone and a plate in every report cost
 * alert-service and Kafka half as much again as without; at 40 ms, a fifth (deploy/bench/README.md, session 35).
 * <p>
 * A paced step asks Kafka Streams for a commit ({@link ProcessorContext#commit()}), which then commits every task of
 * its thread after the records in hand: at the record itself when the thread has not asked within the last tick,
 * else at a punctuation of the step's task, scheduled a tick on only while it has a record to ask for and its thread
 * is not busy (the thread polls at least once a tick). A punctuation marks its task as having something to commit,
 * and a thread that punctuated halves the records it processes per task before its next poll: one every tick on
 * every task made idle threads commit at every interval, and busy ones loop for a few records at a time (sessions 19
 * and 35). The thread's count and its last request are shared by its tasks, so that a thread asks at most once a
 * tick whichever of its tasks processes. A request at a punctuation comes only from a task that processed a record
 * since the thread last asked: Kafka Streams commits on request only a task with something to commit.
 */
final class CommitPace {

    /** The state of each stream thread: all the tasks of a thread run on it, one at a time. */
    private final ThreadLocal<ThreadPace> threads = ThreadLocal.withInitial(this::newThread);

    /** A task with no record to ask for. */
    static final long NONE = -1;

    private final long tickMillis;
    private final int ticks;
    private final long busyRecords;

    /**
     * @param tick        how soon after a record, at most, a thread that is not busy commits
     * @param window      over how long a thread's records are counted: Kafka Streams' own commit interval, longer, at
     *                    which a busy thread commits (a commit that takes longer than a tick must not make a busy
     *                    thread look quiet)
     * @param busyRecords past how many records a tick, on average over the window, a thread is busy
     */
    CommitPace(Duration tick, Duration window, int busyRecords) {
        if (tick.toMillis() < 1 || window.compareTo(tick) < 0 || busyRecords < 1) {
            throw new IllegalArgumentException("A tick of at least 1 ms, a window of at least a tick and at least one "
                    + "record: " + tick + ", " + window + ", " + busyRecords);
        }
        this.tickMillis = tick.toMillis();
        this.ticks = (int) (window.toMillis() / tickMillis);
        this.busyRecords = (long) busyRecords * ticks;
    }

    /** The processors of {@code step}, paced. */
    <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> paced(ProcessorSupplier<KIn, VIn, KOut, VOut> step) {
        return () -> new Paced<>(step.get(), this);
    }

    /** The records of a thread, counted by tick over the window, and its requests. */
    ThreadPace newThread() {
        return new ThreadPace(tickMillis, ticks);
    }

    /**
     * A stream thread's records, counted by tick over the last ticks of the window, and when it last asked for a
     * commit. A clock set back starts the count again and allows a request.
     */
    static final class ThreadPace {
        private final long tickMillis;
        private final long[] counts;
        private int current;
        private long tickStartedAt = Long.MIN_VALUE;
        private long requestedAt = Long.MIN_VALUE;
        private long requests;

        ThreadPace(long tickMillis, int ticks) {
            this.tickMillis = tickMillis;
            this.counts = new long[ticks];
        }

        /** Counts a record processed at {@code now}. */
        void record(long now) {
            roll(now);
            counts[current]++;
        }

        /** The records processed in the window up to {@code now}. */
        long inWindow(long now) {
            roll(now);
            long sum = 0;
            for (long count : counts) {
                sum += count;
            }
            return sum;
        }

        private void roll(long now) {
            if (tickStartedAt == Long.MIN_VALUE || now < tickStartedAt
                    || now - tickStartedAt >= counts.length * tickMillis) {
                Arrays.fill(counts, 0);
                current = 0;
                tickStartedAt = now;
                return;
            }
            while (now - tickStartedAt >= tickMillis) {
                current = (current + 1) % counts.length;
                counts[current] = 0;
                tickStartedAt += tickMillis;
            }
        }

        /** Whether the thread may ask at {@code now}: it did not within the last tick. */
        boolean mayRequest(long now) {
            return requestedAt == Long.MIN_VALUE || now < requestedAt || now - requestedAt >= tickMillis;
        }

        /** How many times the thread has asked: a task's record processed after the last has not been asked for. */
        long requests() {
            return requests;
        }

        void requested(long now) {
            requestedAt = now;
            requests++;
        }
    }

    /**
     * Whether a task is to ask its thread for a commit at {@code now}; if so, counts the request. {@code processedAfter}
     * is the thread's count of requests when the task last processed a record ({@link #NONE} for none since its own
     * request): a task asks only for a record no request has covered yet.
     */
    boolean request(ThreadPace thread, long processedAfter, long now) {
        if (processedAfter == NONE || processedAfter != thread.requests() || busy(thread, now)
                || !thread.mayRequest(now)) {
            return false;
        }
        thread.requested(now);
        return true;
    }

    /** Whether the thread processed more than the busy count in the window up to {@code now}. */
    boolean busy(ThreadPace thread, long now) {
        return thread.inWindow(now) > busyRecords;
    }

    private static final class Paced<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> step;
        private final CommitPace pace;
        private ProcessorContext<KOut, VOut> context;
        /** The thread's count of requests when this task last processed a record; NONE once it asked. */
        private long processedAfter = NONE;
        /** The task's punctuation while it has a record to ask for and its thread is not busy, else null. */
        private Cancellable waiting;

        Paced(Processor<KIn, VIn, KOut, VOut> step, CommitPace pace) {
            this.step = step;
            this.pace = pace;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            this.context = context;
            step.init(context);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            step.process(record);
            long now = context.currentSystemTimeMs();
            ThreadPace thread = pace.threads.get();
            thread.record(now);
            processedAfter = thread.requests();
            if (!maybeRequest(thread, now) && waiting == null && !pace.busy(thread, now)) {
                waiting = context.schedule(Duration.ofMillis(pace.tickMillis), PunctuationType.WALL_CLOCK_TIME,
                        this::tick);
            }
        }

        /**
         * A tick while this task has a record no request covers: asks, or stops once another request covered it, or
         * once the thread is busy, whose commits at Kafka Streams' interval cover it.
         */
        private void tick(long now) {
            ThreadPace thread = pace.threads.get();
            if (maybeRequest(thread, now) || processedAfter != thread.requests() || pace.busy(thread, now)) {
                waiting.cancel();
                waiting = null;
            }
        }

        private boolean maybeRequest(ThreadPace thread, long now) {
            if (!pace.request(thread, processedAfter, now)) {
                return false;
            }
            context.commit();
            processedAfter = NONE;
            return true;
        }

        @Override
        public void close() {
            step.close();
        }
    }
}
