package org.fusionexchange.intake.messaging;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fired inside a transaction that wrote an outbox row, with the case-reports record of each that the request built
 * (none when HandedRecords had no room): the relay is handed them in memory just before the commit, takes them back
 * if it rolls back, and is woken once it succeeded.
 */
public record OutboxWritten(List<Written> records) {

    /** One of the outbox row's events and its record, exactly as the relay would build it from the stored version. */
    public record Written(UUID eventId, ProducerRecord<String, byte[]> record) {
    }
}
