package org.fusionexchange.intake.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusionexchange.intake.messaging.PublishedCheck.Progress;
import org.fusionexchange.intake.messaging.PublishedCheck.Progress.State;
import org.junit.jupiter.api.Test;

/**
 * The read-back's rule alone: after a long Kafka outage it may read for minutes, and fails only when it stops moving
 * (a fixed 30 s deadline made every round and every restart fail the same way, and nothing was published again).
 */
class PublishedCheckProgressTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aReadThatKeepsMovingNeverStallsHoweverLongItTakesAndSaysHowFarItGot() {
        Progress progress = new Progress(0, 30 * S, 10 * S);
        assertEquals(State.GOING, progress.at(0, 500));
        long read = 500;
        int reports = 0;
        for (long t = 1; t <= 600; t++) { // ten minutes, a thousand records a second
            read += 1_000;
            State state = progress.at(t * S, read);
            assertEquals(true, state != State.STALLED, "moving at " + t + " s");
            reports += state == State.REPORT ? 1 : 0;
        }
        assertEquals(60, reports, "a line every 10 s");
        assertEquals(500, progress.first());
    }

    @Test
    void aReadThatStopsMovingStallsAfterTheLimit() {
        Progress progress = new Progress(0, 30 * S, 10 * S);
        progress.at(0, 100);
        progress.at(5 * S, 200);
        assertEquals(State.REPORT, progress.at(20 * S, 200), "no progress for 15 s: still going, and reported");
        assertEquals(State.REPORT, progress.at(35 * S, 200), "30 s since it last moved: not yet past the limit");
        assertEquals(State.STALLED, progress.at(36 * S, 200));
    }
}
