package org.fusionexchange.intake.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The relay's hand-over to the producer alone: KafkaProducer reports a metadata timeout, a full buffer or a record
 * too large as a future already failed, not as an exception, and the relay must send nothing after it.
 */
class OutboxRelaySendOrderTest {

    private static final RecordMetadata ACKED = new RecordMetadata(new TopicPartition("case-reports", 0), 0, 0, 0, 0,
            0);

    @Test
    void aRecordTheProducerRefusesAtOnceIsTheLastHandedOver() {
        List<Integer> sent = new ArrayList<>();
        List<Future<RecordMetadata>> acks = OutboxRelay.sendInOrder(4, i -> {
            sent.add(i);
            return i == 1 ? CompletableFuture.failedFuture(new TimeoutException("Topic not present in metadata"))
                    : CompletableFuture.completedFuture(ACKED);
        });
        // report X v1 is row 1 and X v2 row 3: v2 must not reach the topic before v1, which the next round resends
        assertEquals(List.of(0, 1), sent);
        assertEquals(2, acks.size());
        assertTrue(acks.get(1).isDone());
    }

    @Test
    void recordsNotYetAcknowledgedOrAcknowledgedAreAllHandedOver() {
        List<Integer> sent = new ArrayList<>();
        List<Future<RecordMetadata>> acks = OutboxRelay.sendInOrder(3, i -> {
            sent.add(i);
            return i == 0 ? CompletableFuture.completedFuture(ACKED) : new CompletableFuture<>();
        });
        assertEquals(List.of(0, 1, 2), sent);
        assertEquals(3, acks.size());
    }
}
