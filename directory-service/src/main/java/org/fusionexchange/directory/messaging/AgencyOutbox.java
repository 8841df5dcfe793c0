package org.fusionexchange.directory.messaging;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.repository.OutboxMessageEntity;
import org.fusionexchange.directory.repository.OutboxMessageRepository;
import org.fusionexchange.directory.service.Agency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes an agency's snapshot to the outbox, in the caller's transaction: published if and only if committed. */
@ApplicationScoped
public class AgencyOutbox {

    private final OutboxMessageRepository messages;
    private final ObjectMapper json;

    public AgencyOutbox(OutboxMessageRepository messages, ObjectMapper json) {
        this.messages = messages;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(Agency agency, Instant occurredAt) {
        OutboxMessageEntity message = new OutboxMessageEntity();
        message.eventId = UUID.randomUUID();
        message.agencyCode = agency.code();
        message.occurredAt = occurredAt;
        try {
            message.payload = json.writeValueAsString(AgencySnapshot.of(agency));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the snapshot of " + agency.code(), e);
        }
        messages.persist(message);
    }
}
