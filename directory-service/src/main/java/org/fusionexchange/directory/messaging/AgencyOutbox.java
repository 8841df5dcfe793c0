package org.fusionexchange.directory.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.repository.OutboxStream;
import org.fusionexchange.directory.service.Agency;

/** Writes an agency's snapshot to the outbox, in the caller's transaction: published if and only if committed. */
@ApplicationScoped
public class AgencyOutbox {

    private final OutboxWriter outbox;

    public AgencyOutbox(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(Agency agency, Instant occurredAt) {
        outbox.enqueue(OutboxStream.AGENCIES, agency.code(), AgencySnapshot.of(agency), occurredAt);
    }
}
