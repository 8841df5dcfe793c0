package org.fusionexchange.alert.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.fusionexchange.alert.config.AlertConfig;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The request quota on {@code /api}: a token bucket per agency on this instance (Bucket4j), holding {@code burst}
 * requests and refilled greedily at {@code requestsPerSecond}, from the agency's directory entry or else the service
 * default; and one per client address, with the default, for requests that fail authentication. Each instance holds
 * the quota divided by {@code alert.quota.instances}. A changed quota replaces the agency's bucket (full). Throttled
 * requests are counted in {@code fusion.quota.throttled{agency}} ({@code -} for addresses) and logged once per
 * agency when its throttling starts, not once per request.
 */
@Singleton
public class RequestQuotas {

    /** The two policies, as the RateLimit headers name them. */
    public static final String AGENCY = "agency";
    public static final String ADDRESS = "address";
    /** The agency tag of requests counted by client address. */
    public static final String ANONYMOUS = "-";

    private static final Logger LOG = Logger.getLogger(RequestQuotas.class);
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    /** At most one warning per agency in this time, however its throttling comes and goes. */
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /**
     * What one request took from a bucket: whether it may go on, and what the RateLimit headers say. {@code limit} is
     * the burst, {@code window} the seconds in which the bucket refills from empty, {@code remaining} the whole
     * tokens left, {@code reset} the seconds until it is full again, {@code retryAfter} (when refused) the seconds
     * until one token is back.
     */
    public record Decision(String policy, boolean allowed, long limit, long window, long remaining, long reset,
            long retryAfter) {

        /** {@code RateLimit-Policy}, draft-ietf-httpapi-ratelimit-headers-10 (a Structured Fields list). */
        public String policyHeader() {
            return "\"" + policy + "\";q=" + limit + ";w=" + window;
        }

        /** {@code RateLimit}, draft-ietf-httpapi-ratelimit-headers-10. */
        public String limitHeader() {
            return "\"" + policy + "\";r=" + remaining + ";t=" + reset;
        }
    }

    /** A bucket, the quota it was made for, and whether its key is being throttled (for the log). */
    private record Held(AgencyQuota quota, Bucket bucket, Throttling throttling) {
    }

    private static final class Throttling {
        volatile boolean throttled;
        volatile boolean warned;
        volatile long warnedAt;
    }

    private final AgencyQuota defaultQuota;
    private final int instances;
    private final TimeMeter clock;
    private final Cache<String, Held> buckets;
    private final MeterRegistry registry;

    @Inject
    public RequestQuotas(AlertConfig config, MeterRegistry registry) {
        this(config.quota(), registry, TimeMeter.SYSTEM_NANOTIME);
    }

    RequestQuotas(AlertConfig.Quota config, MeterRegistry registry, TimeMeter clock) {
        this.defaultQuota = defaultQuota(config);
        this.instances = config.instances();
        if (instances < 1) {
            throw new IllegalStateException("alert.quota.instances (ALERT_QUOTA_INSTANCES) must be at least 1");
        }
        this.registry = registry;
        this.clock = clock;
        // an agency's bucket is kept while it is used; one idle for an hour is full again, or nearly, and is dropped,
        // so that a flood of addresses cannot grow this without bound
        this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
    }

    private static AgencyQuota defaultQuota(AlertConfig.Quota config) {
        if (config.defaultRequestsPerSecond() == 0) {
            return null;
        }
        AgencyQuota quota = new AgencyQuota(config.defaultRequestsPerSecond(), config.defaultBurst());
        if (quota.defect() != null) {
            throw new IllegalStateException("alert.quota.default-requests-per-second and alert.quota.default-burst "
                    + "(ALERT_QUOTA_DEFAULT_REQUESTS_PER_SECOND, ALERT_QUOTA_DEFAULT_BURST): " + quota.defect()
                    + ", or 0 requests per second for no default limit");
        }
        return quota;
    }

    /**
     * Takes one request from the agency's bucket: its own quota, or the default when it has none ({@code quota}
     * null). Null when the agency is not limited at all (no quota of its own and no default).
     */
    public Decision takeForAgency(String agency, AgencyQuota quota) {
        return take(AGENCY, agency, agency, quota != null ? quota : defaultQuota);
    }

    /** Takes one request from the bucket of a client address (a request that failed authentication). */
    public Decision takeForAddress(String address) {
        return take(ADDRESS, address, ANONYMOUS, defaultQuota);
    }

    private Decision take(String policy, String key, String tag, AgencyQuota quota) {
        if (quota == null) {
            return null;
        }
        AgencyQuota share = quota.perInstance(instances);
        String id = policy + ":" + key;
        Held held = buckets.asMap().compute(id, (k, old) -> old != null && old.quota().equals(share) ? old
                : new Held(share, bucket(share), new Throttling()));
        ConsumptionProbe probe = held.bucket().tryConsumeAndReturnRemaining(1);
        Decision decision = new Decision(policy, probe.isConsumed(), share.burst(),
                ceilDiv(share.burst(), share.requestsPerSecond()), probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
        noteThrottling(held, tag, policy, key, decision);
        return decision;
    }

    private Bucket bucket(AgencyQuota quota) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(quota.burst())
                        .refillGreedy(quota.requestsPerSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock)
                .build();
    }

    private void noteThrottling(Held held, String tag, String policy, String key, Decision decision) {
        Throttling state = held.throttling();
        if (decision.allowed()) {
            state.throttled = false;
            return;
        }
        Counter.builder("fusion.quota.throttled").tag("agency", tag)
                .description("Requests to /api refused over their agency's quota (agency \"-\": by client address)")
                .register(registry).increment();
        if (!state.throttled) {
            state.throttled = true;
            long now = clock.currentTimeNanos();
            if (!state.warned || now - state.warnedAt > WARN_EVERY_NANOS) {
                state.warned = true;
                state.warnedAt = now;
                LOG.warnf("Throttling %s %s: over its quota of %d requests/s, burst %d, on this instance", policy, key,
                        held.quota().requestsPerSecond(), held.quota().burst());
            }
        }
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
