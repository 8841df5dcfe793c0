package org.fusionexchange.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.service.RequestQuotas.Decision;
import org.junit.jupiter.api.Test;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The token buckets of the request quota, on a clock the test moves. */
class RequestQuotasTest {

    private final ManualClock clock = new ManualClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void anAgencyHasItsBurstThenItsRateAndTheHeadersSaySo() {
        RequestQuotas quotas = quotas(100, 200, 1);
        AgencyQuota hcso = new AgencyQuota(5, 10);
        for (int i = 9; i >= 0; i--) {
            Decision d = quotas.takeForAgency("HCSO", hcso);
            assertTrue(d.allowed());
            assertEquals(i, d.remaining());
        }
        Decision refused = quotas.takeForAgency("HCSO", hcso);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfter(), "a token every 200 ms, rounded up to a second");
        assertEquals("\"agency\";q=10;w=2", refused.policyHeader());
        assertEquals("\"agency\";r=0;t=2", refused.limitHeader());
        assertEquals(1.0, registry.counter("fusion.quota.throttled", "agency", "HCSO").count());

        clock.advance(400);
        assertTrue(quotas.takeForAgency("HCSO", hcso).allowed());
        assertTrue(quotas.takeForAgency("HCSO", hcso).allowed());
        assertFalse(quotas.takeForAgency("HCSO", hcso).allowed());
        assertEquals(2.0, registry.counter("fusion.quota.throttled", "agency", "HCSO").count());
    }

    @Test
    void agenciesHaveBucketsOfTheirOwnAndTheDefaultWithoutAQuota() {
        RequestQuotas quotas = quotas(2, 3, 1);
        for (int i = 0; i < 3; i++) {
            assertTrue(quotas.takeForAgency("PCSO", null).allowed());
        }
        assertFalse(quotas.takeForAgency("PCSO", null).allowed());
        Decision other = quotas.takeForAgency("DEA", null);
        assertTrue(other.allowed());
        assertEquals("\"agency\";q=3;w=2", other.policyHeader());
        assertEquals("\"address\";q=3;w=2", quotas.takeForAddress("192.0.2.7").policyHeader());
    }

    @Test
    void aChangedQuotaReplacesTheBucket() {
        RequestQuotas quotas = quotas(100, 200, 1);
        for (int i = 0; i < 10; i++) {
            quotas.takeForAgency("HCSO", new AgencyQuota(5, 10));
        }
        assertFalse(quotas.takeForAgency("HCSO", new AgencyQuota(5, 10)).allowed());
        Decision after = quotas.takeForAgency("HCSO", new AgencyQuota(50, 100));
        assertTrue(after.allowed());
        assertEquals(99, after.remaining());
    }

    @Test
    void withoutADefaultOnlyAgenciesWithAQuotaAreLimited() {
        RequestQuotas quotas = quotas(0, 200, 1);
        assertNull(quotas.takeForAgency("PCSO", null));
        assertNull(quotas.takeForAddress("192.0.2.7"));
        assertEquals("\"agency\";q=10;w=2", quotas.takeForAgency("HCSO", new AgencyQuota(5, 10)).policyHeader());
    }

    @Test
    void eachInstanceHoldsItsShareRoundedUp() {
        RequestQuotas quotas = quotas(100, 200, 3);
        assertEquals("\"agency\";q=4;w=2", quotas.takeForAgency("HCSO", new AgencyQuota(5, 10)).policyHeader());
        assertEquals("\"agency\";q=67;w=2", quotas.takeForAgency("PCSO", null).policyHeader());
        assertEquals(new AgencyQuota(1, 1), new AgencyQuota(1, 1).perInstance(4));
    }

    private RequestQuotas quotas(int requestsPerSecond, int burst, int instances) {
        return new RequestQuotas(new AlertConfig.Quota() {
            @Override
            public int defaultRequestsPerSecond() {
                return requestsPerSecond;
            }

            @Override
            public int defaultBurst() {
                return burst;
            }

            @Override
            public int instances() {
                return instances;
            }
        }, registry, clock);
    }

    private static final class ManualClock implements TimeMeter {
        private long nanos = 1;

        void advance(long millis) {
            nanos += TimeUnit.MILLISECONDS.toNanos(millis);
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
