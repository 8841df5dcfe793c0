package org.fusionexchange.intake.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.fusionexchange.intake.repository.OutboxRepository.Pending;
import org.junit.jupiter.api.Test;

/** Which outbox rows a round deletes: those whose every event Kafka acknowledged, never a row half sent. */
class OutboxRelayRowsTest {

    /** Rows 10 (three events), 11 (one), 12 (two), as a round reads them. */
    private static final List<Pending> ROUND = LongStream.of(10, 10, 10, 11, 12, 12)
            .mapToObj(seq -> new Pending(seq, UUID.randomUUID(), Instant.EPOCH, null)).toList();

    @Test
    void onlyRowsWhoseEveryEventWasAcknowledgedAreDeleted() {
        assertEquals(List.of(), OutboxRelay.wholeRows(ROUND, 0));
        assertEquals(List.of(), OutboxRelay.wholeRows(ROUND, 1), "row 10 is half sent");
        assertEquals(List.of(), OutboxRelay.wholeRows(ROUND, 2));
        assertEquals(List.of(10L), OutboxRelay.wholeRows(ROUND, 3));
        assertEquals(List.of(10L, 11L), OutboxRelay.wholeRows(ROUND, 4));
        assertEquals(List.of(10L, 11L), OutboxRelay.wholeRows(ROUND, 5), "row 12 is half sent");
        assertEquals(List.of(10L, 11L, 12L), OutboxRelay.wholeRows(ROUND, 6));
    }

    @Test
    void aRoundOfOneEventPerRowDeletesEachRowAcknowledged() {
        List<Pending> singles = LongStream.rangeClosed(1, 4)
                .mapToObj(seq -> new Pending(seq, UUID.randomUUID(), Instant.EPOCH, null)).toList();
        assertEquals(List.of(1L, 2L), OutboxRelay.wholeRows(singles, 2));
        assertEquals(List.of(1L, 2L, 3L, 4L), OutboxRelay.wholeRows(singles, 4));
    }
}
