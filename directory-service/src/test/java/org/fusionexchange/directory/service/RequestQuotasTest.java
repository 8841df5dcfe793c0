package org.fusionexchange.directory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.fusionexchange.directory.service.RequestQuotas.Decision;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The token buckets of the request quota, without HTTP: sizes, headers, per-instance shares, the default of 0. */
class RequestQuotasTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void anAgencysBucketHoldsItsBurstThenRefusesWithRetryAfter() {
        RequestQuotas quotas = new RequestQuotas(100, 200, 1, registry);
        for (int i = 9; i >= 0; i--) {
            Decision decision = quotas.takeForAgency("HCSO", new Quota(5, 10)).orElseThrow();
            assertTrue(decision.allowed());
            assertEquals("\"agency\";q=10;w=2", decision.policyHeader());
            assertEquals(i, decision.remaining());
        }
        Decision refused = quotas.takeForAgency("HCSO", new Quota(5, 10)).orElseThrow();
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfter());
        assertEquals("\"agency\";r=0;t=2", refused.stateHeader());
        assertEquals(1.0, registry.get("fusion.quota.throttled").tag("agency", "HCSO").counter().count());
        // another agency has its own bucket, with the default
        assertEquals("\"agency\";q=200;w=2",
                quotas.takeForAgency("PCSO", null).orElseThrow().policyHeader());
    }

    @Test
    void aChangedQuotaReplacesTheBucket() {
        RequestQuotas quotas = new RequestQuotas(100, 200, 1, registry);
        quotas.takeForAgency("HCSO", new Quota(1, 1));
        assertFalse(quotas.takeForAgency("HCSO", new Quota(1, 1)).orElseThrow().allowed());
        Decision after = quotas.takeForAgency("HCSO", new Quota(2, 3)).orElseThrow();
        assertTrue(after.allowed());
        assertEquals(2, after.remaining());
    }

    @Test
    void eachInstanceHoldsItsShareRoundedUp() {
        RequestQuotas quotas = new RequestQuotas(100, 200, 3, registry);
        assertEquals("\"agency\";q=4;w=2", quotas.takeForAgency("HCSO", new Quota(5, 10)).orElseThrow()
                .policyHeader());
        assertEquals(new RequestQuotas.Limit(1, 1), RequestQuotas.Limit.of(1, 1, 3));
        assertEquals(new RequestQuotas.Limit(34, 67), RequestQuotas.Limit.of(100, 200, 3));
    }

    @Test
    void requestsWithoutAValidTokenShareTheirAddressesBucketWithTheDefault() {
        RequestQuotas quotas = new RequestQuotas(1, 2, 1, registry);
        assertTrue(quotas.takeForAddress("192.0.2.7").orElseThrow().allowed());
        assertTrue(quotas.takeForAddress("192.0.2.7").orElseThrow().allowed());
        Decision refused = quotas.takeForAddress("192.0.2.7").orElseThrow();
        assertFalse(refused.allowed());
        assertEquals("\"address\";q=2;w=2", refused.policyHeader());
        assertTrue(quotas.takeForAddress("192.0.2.8").orElseThrow().allowed());
        assertEquals(1.0, registry.get("fusion.quota.throttled").tag("agency", "-").counter().count());
    }

    @Test
    void aDefaultOfZeroLimitsOnlyAgenciesWithAQuotaOfTheirOwn() {
        RequestQuotas quotas = new RequestQuotas(0, 0, 1, registry);
        assertEquals(Optional.empty(), quotas.takeForAgency("PCSO", null));
        assertEquals(Optional.empty(), quotas.takeForAddress("192.0.2.7"));
        assertTrue(quotas.takeForAgency("HCSO", new Quota(5, 10)).isPresent());
    }
}
