package org.fusionexchange.alert;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.fusionexchange.alert.service.SpikeClock;

/**
 * The spike clock of this module's tests: the wall clock, moved forward by a test that needs a spike's hours to pass
 * (and moved back when it ends). Nothing else of the service reads it.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ShiftedSpikeClock extends SpikeClock {

    private volatile Duration shift = Duration.ZERO;

    @Override
    public Instant now() {
        return Instant.now().plus(shift);
    }

    public void shift(Duration by) {
        shift = by;
    }
}
