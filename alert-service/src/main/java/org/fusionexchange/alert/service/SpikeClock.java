package org.fusionexchange.alert.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/** The time overdose spikes are counted and decided at: the wall clock. Tests move it (a CDI alternative). */
@ApplicationScoped
public class SpikeClock {

    public Instant now() {
        return Instant.now();
    }
}
