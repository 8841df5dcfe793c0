package org.fusionexchange.intake.service;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.intake.config.IntakeConfig;
import org.fusionexchange.intake.service.AgencyDirectory.Quota;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Requests per agency: a token bucket (Bucket4j, lock-free) per agency and per instance, holding the agency's own
 * quota from the directory or the service's default, divided by {@code intake.quota.instances}. A changed quota
 * replaces the agency's bucket. Requests that fail authentication are bucketed per client address with the default.
 * With no default limit and no agency quota, nothing is limited and {@link #active()} is false, so that the request
 * path skips all of this.
 */
@ApplicationScoped
public class RequestQuotas {

    private static final Logger LOG = Logger.getLogger(RequestQuotas.class);
    /** The agency tag of throttled requests that failed authentication. */
    public static final String ANONYMOUS = "-";
    private static final String THROTTLED_METRIC = "fusion.quota.throttled";
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_ADDRESSES = 100_000;

    /** Which kind of caller a bucket belongs to: the name of its RateLimit policy. */
    public enum Policy {
        AGENCY("agency"), ADDRESS("address");

        private final String header;

        Policy(String name) {
            this.header = '"' + name + '"';
        }
    }

    /** One bucket, with what its answers say about it. */
    public static final class Limit {
        private final String agency;
        private final Quota own;
        private final Policy policy;
        private final int requestsPerSecond;
        private final int burst;
        private final Bucket bucket;
        private final String policyHeader;
        private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);

        Limit(String agency, Quota own, Policy policy, Quota quota, int instances) {
            this.agency = agency;
            this.own = own;
            this.policy = policy;
            this.requestsPerSecond = perInstance(quota.requestsPerSecond(), instances);
            this.burst = perInstance(quota.burst(), instances);
            this.bucket = Bucket.builder()
                    .addLimit(limit -> limit.capacity(burst).refillGreedy(requestsPerSecond, Duration.ofSeconds(1)))
                    .build();
            this.policyHeader = policy.header + ";q=" + burst + ";w=" + ceilDiv(burst, requestsPerSecond);
        }

        public int requestsPerSecond() {
            return requestsPerSecond;
        }

        public int burst() {
            return burst;
        }

        public Policy policy() {
            return policy;
        }
    }

    /** One request counted against its limit. */
    public record Decision(Limit limit, ConsumptionProbe probe) {

        public boolean allowed() {
            return probe.isConsumed();
        }

        /** {@code RateLimit-Policy}: the bucket's size and the seconds it takes to fill from empty. */
        public String policyHeader() {
            return limit.policyHeader;
        }

        /** {@code RateLimit}: the whole requests left and the seconds until the bucket is full again. */
        public String rateLimitHeader() {
            return limit.policy.header + ";r=" + probe.getRemainingTokens() + ";t="
                    + seconds(probe.getNanosToWaitForReset());
        }

        /** {@code Retry-After} of a refused request: the seconds until one request is allowed again, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        }

        /** What a 429 says. */
        public String detail() {
            String who = limit.policy == Policy.AGENCY ? "Agency " + limit.agency : "This client address";
            return who + " is over its quota (policy \"" + limit.policy.name().toLowerCase() + "\": "
                    + limit.requestsPerSecond + " requests per second, bursts of " + limit.burst
                    + "); nothing was done. Retry after " + retryAfterSeconds() + " s.";
        }
    }

    private final AgencyDirectory directory;
    private final MeterRegistry registry;
    private final Quota defaultQuota;
    private final int instances;
    private final ConcurrentMap<String, Limit> agencies = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> throttled = new ConcurrentHashMap<>();
    private final Cache<String, Limit> addresses;
    /** The limit of agencies with no quota of their own, when there is no default limit. */
    private final Limit unlimited;

    public RequestQuotas(IntakeConfig config, AgencyDirectory directory, MeterRegistry registry) {
        this.directory = directory;
        this.registry = registry;
        IntakeConfig.Quota settings = config.quota();
        if (settings.instances() < 1) {
            throw new IllegalStateException("intake.quota.instances must be at least 1");
        }
        this.instances = settings.instances();
        int rps = settings.defaultRequestsPerSecond();
        if (rps < 0 || (rps > 0 && settings.defaultBurst() < rps)) {
            throw new IllegalStateException("intake.quota.default-requests-per-second must be 0 (no default limit) "
                    + "or positive, and intake.quota.default-burst at least as large");
        }
        this.defaultQuota = rps == 0 ? null : new Quota(Math.min(rps, Quota.MAX_REQUESTS_PER_SECOND),
                Math.min(Math.max(settings.defaultBurst(), rps), Quota.MAX_BURST));
        this.unlimited = new Limit(null, null, Policy.AGENCY, new Quota(1, 1), 1);
        // an address's bucket is full again after w seconds: forgetting it then changes nothing
        long refillSeconds = defaultQuota == null ? 1 : ceilDiv(defaultQuota.burst(), defaultQuota.requestsPerSecond());
        this.addresses = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(Duration.ofSeconds(refillSeconds + 1)).build();
        LOG.infof("Request quota: %s by default, per instance of %d", defaultQuota == null ? "no limit"
                : defaultQuota.requestsPerSecond() + "/s, burst " + defaultQuota.burst(), instances);
    }

    /** Whether anything is limited at all; when not, requests need not be counted. */
    public boolean active() {
        return defaultQuota != null || directory.anyQuota();
    }

    /** Counts one request of an (authenticated) agency; null when the agency is not limited. */
    public Decision agency(String code) {
        Limit limit = agencies.get(code);
        if (limit == null) {
            limit = agencies.computeIfAbsent(code, this::limitOf);
        }
        return limit == unlimited ? null : consume(limit);
    }

    /** Counts one request that failed authentication, by client address; null when there is no default limit. */
    public Decision address(String address) {
        if (defaultQuota == null) {
            return null;
        }
        return consume(addresses.get(address,
                key -> new Limit(ANONYMOUS, null, Policy.ADDRESS, defaultQuota, instances)));
    }

    /** The directory changed the agency: a changed quota replaces its bucket; other changes keep it. */
    public void agencyChanged(String code) {
        agencies.computeIfPresent(code, (key, known) -> Objects.equals(known.own, directory.quota(key))
                ? known
                : limitOf(key));
    }

    private Limit limitOf(String code) {
        Quota own = directory.quota(code);
        Quota quota = own != null ? own : defaultQuota;
        return quota == null ? unlimited : new Limit(code, own, Policy.AGENCY, quota, instances);
    }

    private Decision consume(Limit limit) {
        ConsumptionProbe probe = limit.bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throttled(limit);
        }
        return new Decision(limit, probe);
    }

    private void throttled(Limit limit) {
        String tag = limit.policy == Policy.AGENCY ? limit.agency : ANONYMOUS;
        throttled.computeIfAbsent(tag, agency -> Counter.builder(THROTTLED_METRIC)
                .description("Requests refused (429) because their agency, or their client address when "
                        + "authentication failed (agency \"-\"), was over its quota")
                .tag("agency", agency).register(registry)).increment();
        long now = System.nanoTime();
        long next = limit.nextWarning.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && limit.nextWarning.compareAndSet(next, now + WARN_INTERVAL_NANOS)) {
            if (limit.policy == Policy.AGENCY) {
                LOG.warnf("Agency %s is over its quota (%d/s, burst %d): throttled with 429 (logged at most once a "
                        + "minute per agency; see fusion_quota_throttled_total)", limit.agency,
                        limit.requestsPerSecond, limit.burst);
            } else {
                LOG.warnf("A client address failing authentication is over the default quota (%d/s, burst %d): "
                        + "throttled with 429 (logged at most once a minute per address)", limit.requestsPerSecond,
                        limit.burst);
            }
        }
    }

    private static int perInstance(int value, int instances) {
        return Math.max(1, (int) ceilDiv(value, instances));
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private static long seconds(long nanos) {
        return ceilDiv(nanos, TimeUnit.SECONDS.toNanos(1));
    }
}
