package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * A routing step asks for its transaction to be committed right after a record only while the record is fresh: a
 * lone report does not wait for the commit interval, a backlog keeps to it. Pure: Kafka Streams' own mock context.
 */
class PromptCommitTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void aFreshRecordAsksForACommit() {
        assertTrue(commits(new RoutingTopology.PromptCommit(25), NOW - 3));
        assertTrue(commits(new RoutingTopology.PromptCommit(25), NOW - 24));
        assertTrue(commits(new RoutingTopology.PromptCommit(25), NOW + 5), "a clock a little behind the producer's");
    }

    @Test
    void aRecordFromABacklogWaitsForTheInterval() {
        assertFalse(commits(new RoutingTopology.PromptCommit(25), NOW - 25));
        assertFalse(commits(new RoutingTopology.PromptCommit(25), NOW - 60_000));
    }

    @Test
    void aTimestampFarAheadIsNotFresh() {
        assertFalse(commits(new RoutingTopology.PromptCommit(25), NOW + 25),
                "another machine's clock ahead must not make every record a commit");
        assertFalse(commits(new RoutingTopology.PromptCommit(25), NOW + 3_600_000));
    }

    @Test
    void zeroTurnsItOff() {
        assertFalse(commits(new RoutingTopology.PromptCommit(0), NOW));
        assertFalse(commits(new RoutingTopology.PromptCommit(-1), NOW));
    }

    private static boolean commits(RoutingTopology.PromptCommit prompt, long recordTimestamp) {
        MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(NOW);
        prompt.afterProcessing(context, new Record<>("HCSO", new byte[0], recordTimestamp));
        return context.committed();
    }
}
