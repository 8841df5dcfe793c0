package org.fusionexchange.directory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.repository.OutboxStream;
import org.fusionexchange.directory.service.IgnoredEntity;

/** Writes an ignore list entry to the outbox, in the caller's transaction: published if and only if committed. */
@ApplicationScoped
public class IgnoredEntityOutbox {

    private final OutboxWriter outbox;

    public IgnoredEntityOutbox(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(IgnoredEntity entry) {
        outbox.enqueue(OutboxStream.IGNORED_ENTITIES, entry.key(), IgnoredEntitySnapshot.of(entry),
                entry.updatedAt());
    }
}
