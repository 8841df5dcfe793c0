package org.fusionexchange.directory.messaging;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.repository.OutboxMessageEntity;
import org.fusionexchange.directory.repository.OutboxMessageRepository;
import org.fusionexchange.directory.repository.OutboxStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes one message to the outbox, in the caller's transaction: published if and only if committed. */
@ApplicationScoped
class OutboxWriter {

    private final OutboxMessageRepository messages;
    private final ObjectMapper json;

    OutboxWriter(OutboxMessageRepository messages, ObjectMapper json) {
        this.messages = messages;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void enqueue(OutboxStream stream, String key, Object value, Instant occurredAt) {
        OutboxMessageEntity message = new OutboxMessageEntity();
        message.eventId = UUID.randomUUID();
        message.stream = stream;
        message.messageKey = key;
        message.occurredAt = occurredAt;
        try {
            message.payload = json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the " + stream + " snapshot of " + key, e);
        }
        messages.persist(message);
    }
}
