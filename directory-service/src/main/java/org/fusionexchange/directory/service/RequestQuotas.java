package org.fusionexchange.directory.service;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fusionexchange.directory.config.DirectoryConfig;
import org.jboss.logging.Logger;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The request quotas of this service's /api (issue 18): one token bucket per agency, and one per client address for
 * requests that fail authentication, in this instance. A bucket holds the quota's burst and is refilled greedily
 * with its requests per second; with N instances each holds the quota divided by N, rounded up, at least 1. An
 * agency's own quota replaces the default, and a changed quota replaces the agency's bucket.
 */
@ApplicationScoped
public class RequestQuotas {

    /** The policy names of the RateLimit headers. */
    public static final String AGENCY = "agency";
    public static final String ADDRESS = "address";
    /** The agency tag of throttled requests that carried no valid token. */
    public static final String ANONYMOUS = "-";
    static final String THROTTLED = "fusion.quota.throttled";
    private static final Logger LOG = Logger.getLogger(RequestQuotas.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Beyond this many addresses, those whose buckets are full again are forgotten. */
    private static final int MAX_ADDRESSES = 10_000;

    private final Limit defaultLimit;
    private final int instances;
    private final MeterRegistry registry;
    private final Map<String, Tracked> agencies = new ConcurrentHashMap<>();
    private final Map<String, Tracked> addresses = new ConcurrentHashMap<>();

    @Inject
    public RequestQuotas(DirectoryConfig config, MeterRegistry registry) {
        this(config.quota().defaultRequestsPerSecond(), config.quota().defaultBurst(), config.quota().instances(),
                registry);
    }

    /** A default of 0 requests per second: no default limit. */
    public RequestQuotas(int defaultRequestsPerSecond, int defaultBurst, int instances, MeterRegistry registry) {
        this.instances = Math.max(1, instances);
        this.defaultLimit = defaultRequestsPerSecond <= 0 ? null
                : Limit.of(defaultRequestsPerSecond, Math.max(defaultBurst, defaultRequestsPerSecond), this.instances);
        this.registry = registry;
    }

    /** The limit one instance enforces: the quota divided by the number of instances, rounded up, at least 1. */
    public record Limit(int requestsPerSecond, int burst) {

        static Limit of(int requestsPerSecond, int burst, int instances) {
            return new Limit(share(requestsPerSecond, instances), share(burst, instances));
        }

        private static int share(int quota, int instances) {
            return Math.max(1, (quota + instances - 1) / instances);
        }

        /** Seconds for an empty bucket to fill up: the RateLimit-Policy's window. */
        public long window() {
            return (burst + requestsPerSecond - 1) / requestsPerSecond;
        }
    }

    /**
     * What the bucket said to one request: whether it may go on, and what the RateLimit headers say (draft-ietf-
     * httpapi-ratelimit-headers-10, Structured Fields).
     */
    public record Decision(String policy, String key, Limit limit, boolean allowed, long remaining,
            long secondsToFull, long retryAfter) {

        /** {@code "agency";q=10;w=2}: the bucket's size and the seconds it takes to fill. */
        public String policyHeader() {
            return "\"" + policy + "\";q=" + limit.burst() + ";w=" + limit.window();
        }

        /** {@code "agency";r=3;t=1}: whole tokens left, and seconds until the bucket is full again. */
        public String stateHeader() {
            return "\"" + policy + "\";r=" + remaining + ";t=" + secondsToFull;
        }
    }

    /**
     * Takes a token from the agency's bucket; quota null: the default. Empty when the agency is not limited (no
     * quota of its own and no default).
     */
    public Optional<Decision> takeForAgency(String agency, Quota quota) {
        Limit limit = quota == null ? defaultLimit : Limit.of(quota.requestsPerSecond(), quota.burst(), instances);
        if (limit == null) {
            agencies.remove(agency);
            return Optional.empty();
        }
        return Optional.of(take(agencies, AGENCY, agency, agency, limit));
    }

    /**
     * Takes a token from the agency's bucket with the quota it already has (the default for an agency not seen yet),
     * for a request refused before its agency's quota could be read.
     */
    public Optional<Decision> takeForAgencyAsKnown(String agency) {
        Tracked known = agencies.get(agency);
        Limit limit = known != null ? known.limit : defaultLimit;
        return limit == null ? Optional.empty() : Optional.of(take(agencies, AGENCY, agency, agency, limit));
    }

    /** Takes a token from the bucket of a client address whose request failed authentication, with the default. */
    public Optional<Decision> takeForAddress(String address) {
        if (defaultLimit == null) {
            return Optional.empty();
        }
        if (addresses.size() > MAX_ADDRESSES) {
            addresses.values().removeIf(Tracked::full);
        }
        return Optional.of(take(addresses, ADDRESS, address, ANONYMOUS, defaultLimit));
    }

    private Decision take(Map<String, Tracked> buckets, String policy, String key, String tag, Limit limit) {
        Tracked tracked = buckets.compute(key,
                (k, current) -> current != null && current.limit.equals(limit) ? current : new Tracked(limit));
        ConsumptionProbe probe = tracked.bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Counter.builder(THROTTLED).description("Requests refused with 429 because their quota was exhausted")
                    .tag(AGENCY, tag).register(registry).increment();
            tracked.warnThrottled(policy, key);
        }
        return new Decision(policy, key, limit, probe.isConsumed(), probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    /** One bucket, with the limit it was made for and when its throttling was last logged. */
    private static final class Tracked {
        final Limit limit;
        final Bucket bucket;
        final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
        final AtomicLong throttledSinceWarning = new AtomicLong();

        Tracked(Limit limit) {
            this.limit = limit;
            this.bucket = Bucket.builder().addLimit(l -> l.capacity(limit.burst())
                    .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1))).build();
        }

        boolean full() {
            return bucket.getAvailableTokens() >= limit.burst();
        }

        /** One WARN when throttling starts, then at most one a minute while it goes on, not one per request. */
        void warnThrottled(String policy, String key) {
            long throttled = throttledSinceWarning.incrementAndGet();
            long last = lastWarned.get();
            long now = System.nanoTime();
            if (now - last >= WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
                throttledSinceWarning.addAndGet(-throttled);
                LOG.warnf("Quota exhausted: %s %s throttled (%d requests a second, burst %d per instance); %d "
                        + "request(s) refused with 429 since the last warning", policy, key,
                        limit.requestsPerSecond(), limit.burst(), throttled);
            }
        }
    }
}
