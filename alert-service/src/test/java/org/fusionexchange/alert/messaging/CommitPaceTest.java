package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

import org.junit.jupiter.api.Test;

/**
 * When a stream thread's tasks ask for commits: the rule of {@link CommitPace}, on a clock given in ms. A tick of
 * 10 ms, a window of three ticks, busy past 4 records a tick on average: past 12 in the window.
 */
class CommitPaceTest {

    private final CommitPace pace = new CommitPace(Duration.ofMillis(10), Duration.ofMillis(30), 4);
    private final CommitPace.ThreadPace thread = pace.newThread();

    /** A task's record at {@code at}: counted, then the task asks if the rule lets it. */
    private boolean record(long at) {
        return pace.request(thread, processed(at), at);
    }

    /** A task's record at {@code at}, counted: the thread's count of requests the task keeps. */
    private long processed(long at) {
        thread.record(at);
        return thread.requests();
    }

    /** {@code n} records of a task at {@code at}, none asked for: what the task keeps. */
    private long processed(long at, int n) {
        long kept = CommitPace.NONE;
        for (int i = 0; i < n; i++) {
            kept = processed(at);
        }
        return kept;
    }

    @Test
    void aQuietThreadAsksAtTheRecordThenAtMostOnceATick() {
        assertTrue(record(1_000), "the first record of a quiet thread is committed at once");
        long waiting = processed(1_003);
        assertFalse(pace.request(thread, waiting, 1_003), "within the tick of the request");
        assertFalse(pace.request(thread, waiting, 1_009), "a punctuation still within that tick");
        assertTrue(pace.request(thread, waiting, 1_010), "the waiting record, a tick after the request");
        assertFalse(pace.request(thread, waiting, 1_025), "that request covered it");
        assertFalse(pace.request(thread, CommitPace.NONE, 1_025), "nothing processed since");
        assertTrue(record(1_040));
    }

    @Test
    void anotherTaskOfTheThreadWaitsForTheTick() {
        assertTrue(record(1_000));
        // a second task's record 2 ms later: the thread asked within the tick, so the task waits for its punctuation
        long second = processed(1_002);
        assertFalse(pace.request(thread, second, 1_002));
        long third = processed(1_005);
        assertTrue(pace.request(thread, second, 1_012));
        // the third task's record came before that request: covered by it, its punctuation does not ask again
        assertFalse(pace.request(thread, third, 1_030));
    }

    @Test
    void aTaskThatNeverProcessedDoesNotAsk() {
        assertFalse(pace.request(thread, CommitPace.NONE, 1_000));
    }

    @Test
    void aBusyThreadLeavesItsCommitsToTheInterval() {
        assertTrue(record(1_000));
        long waiting = processed(1_001, 12); // 13 records in the window: more than 12
        assertFalse(pace.request(thread, waiting, 1_011));
        // a commit that held the thread 25 ms does not make it quiet: the next record still finds it busy
        assertFalse(record(1_026));
        assertFalse(pace.request(thread, waiting, 1_029), "the window still holds them");
        // once the busy tick has left the window, the thread is quiet again and its waiting record is asked for
        assertTrue(pace.request(thread, thread.requests(), 1_030));
    }

    @Test
    void asManyRecordsAsTheLimitAreNotBusy() {
        long waiting = processed(2_000, 12);
        assertTrue(pace.request(thread, waiting, 2_000));
    }

    @Test
    void aClockSetBackAllowsARequest() {
        assertTrue(record(5_000));
        assertTrue(record(4_000), "the clock went back: a new count");
    }

    @Test
    void countsByTickOverTheWindow() {
        CommitPace.ThreadPace counted = pace.newThread();
        processedOn(counted, 100, 5);
        processedOn(counted, 112, 3);
        assertEquals(8, counted.inWindow(125));
        assertEquals(3, counted.inWindow(130), "the first tick left the window");
        assertEquals(0, counted.inWindow(142));
        processedOn(counted, 150, 2);
        assertEquals(2, counted.inWindow(159));
        assertEquals(0, counted.inWindow(181), "a whole window later: counted again from nothing");
    }

    private static void processedOn(CommitPace.ThreadPace thread, long at, int n) {
        for (int i = 0; i < n; i++) {
            thread.record(at);
        }
    }

    @Test
    void aPacedStepAsksAtItsRecordOrAtAPunctuationWhileARecordWaits() {
        List<String> processed = new ArrayList<>();
        Processor<String, String, String, String> step = pace.<String, String, String, String>paced(
                () -> record -> processed.add(record.value())).get();
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        step.init(context);
        assertTrue(context.scheduledPunctuators().isEmpty(), "no punctuation while nothing waits");

        context.setCurrentSystemTimeMs(1_000);
        step.process(new Record<>("k", "first", 1_000));
        assertTrue(context.committed(), "the first record of a quiet thread is asked for at once");
        assertTrue(context.scheduledPunctuators().isEmpty());

        context.resetCommit();
        context.setCurrentSystemTimeMs(1_004);
        step.process(new Record<>("k", "second", 1_004));
        assertFalse(context.committed(), "within the tick of the last request");
        assertEquals(1, context.scheduledPunctuators().size(), "a punctuation for the waiting record");
        MockProcessorContext.CapturedPunctuator waiting = context.scheduledPunctuators().get(0);
        assertEquals(PunctuationType.WALL_CLOCK_TIME, waiting.getType());
        assertEquals(Duration.ofMillis(10), waiting.getInterval());

        context.setCurrentSystemTimeMs(1_008);
        step.process(new Record<>("k", "third", 1_008));
        assertEquals(1, context.scheduledPunctuators().size(), "one punctuation per task, however many records wait");

        waiting.getPunctuator().punctuate(1_014);
        assertTrue(context.committed(), "asked for a tick after the last request");
        assertTrue(waiting.cancelled(), "nothing waits any more");
        assertEquals(List.of("first", "second", "third"), processed, "every record reaches the step");
    }

    @Test
    void aWaitingTaskStopsItsPunctuationOnceAnotherTaskAsked() {
        Processor<String, String, String, String> first = pace.<String, String, String, String>paced(
                () -> record -> { }).get();
        Processor<String, String, String, String> second = pace.<String, String, String, String>paced(
                () -> record -> { }).get();
        MockProcessorContext<String, String> firstContext = new MockProcessorContext<>();
        MockProcessorContext<String, String> secondContext = new MockProcessorContext<>();
        first.init(firstContext);
        second.init(secondContext);

        firstContext.setCurrentSystemTimeMs(1_000);
        first.process(new Record<>("k", "v", 1_000));
        secondContext.setCurrentSystemTimeMs(1_002);
        second.process(new Record<>("k", "v", 1_002));
        assertFalse(secondContext.committed());
        firstContext.setCurrentSystemTimeMs(1_011);
        first.process(new Record<>("k", "v", 1_011));
        assertTrue(firstContext.committed(), "the thread's request, a tick on, commits the second task's record too");

        MockProcessorContext.CapturedPunctuator waiting = secondContext.scheduledPunctuators().get(0);
        waiting.getPunctuator().punctuate(1_012);
        assertFalse(secondContext.committed(), "covered by that request: no request of its own");
        assertTrue(waiting.cancelled());
    }

    @Test
    void aBusyThreadsTasksLeaveTheirRecordsToTheInterval() {
        Processor<String, String, String, String> step = pace.<String, String, String, String>paced(
                () -> record -> { }).get();
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        step.init(context);
        context.setCurrentSystemTimeMs(1_000);
        step.process(new Record<>("k", "v", 1_000));
        assertTrue(context.committed());
        context.resetCommit();
        context.setCurrentSystemTimeMs(1_001);
        step.process(new Record<>("k", "v", 1_001));
        MockProcessorContext.CapturedPunctuator waiting = context.scheduledPunctuators().get(0);
        for (int i = 0; i < 11; i++) {
            step.process(new Record<>("k", "v", 1_001)); // 13 records in the window: busy
        }
        waiting.getPunctuator().punctuate(1_011);
        assertFalse(context.committed(), "busy: Kafka Streams' interval commits it");
        assertTrue(waiting.cancelled(), "a busy thread's tasks do not punctuate every tick");

        context.setCurrentSystemTimeMs(1_012);
        step.process(new Record<>("k", "v", 1_012));
        assertFalse(context.committed());
        assertEquals(1, context.scheduledPunctuators().size(), "no punctuation again while busy");
    }

    @Test
    void refusesATickOrACountOfNothing() {
        assertThrows(IllegalArgumentException.class, () -> new CommitPace(Duration.ZERO, Duration.ofMillis(50), 4));
        assertThrows(IllegalArgumentException.class,
                () -> new CommitPace(Duration.ofMillis(10), Duration.ofMillis(5), 4));
        assertThrows(IllegalArgumentException.class,
                () -> new CommitPace(Duration.ofMillis(10), Duration.ofMillis(50), 0));
    }
}
