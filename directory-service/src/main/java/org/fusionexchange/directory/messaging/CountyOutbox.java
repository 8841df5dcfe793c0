package org.fusionexchange.directory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.repository.OutboxStream;
import org.fusionexchange.directory.service.CountyOverride;

/** Writes a county's settings to the outbox, in the caller's transaction: published if and only if committed. */
@ApplicationScoped
public class CountyOutbox {

    private final OutboxWriter outbox;

    public CountyOutbox(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(CountyOverride county) {
        outbox.enqueue(OutboxStream.COUNTIES, county.county(), CountySnapshot.of(county), county.updatedAt());
    }
}
