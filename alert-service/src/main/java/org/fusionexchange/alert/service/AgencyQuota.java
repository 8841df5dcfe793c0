package org.fusionexchange.alert.service;

/**
 * An agency's request quota on {@code /api}, from its directory entry ({@code quota} on directory.agencies): a token
 * bucket of {@code burst} requests refilled at {@code requestsPerSecond}. An agency without one has the service's
 * default ({@code alert.quota.*}).
 */
public record AgencyQuota(int requestsPerSecond, int burst) {

    public static final int MAX_REQUESTS_PER_SECOND = 10_000;
    public static final int MAX_BURST = 100_000;

    /** Why this quota is not one the directory may publish, or null when it is. */
    public String defect() {
        if (requestsPerSecond < 1 || requestsPerSecond > MAX_REQUESTS_PER_SECOND) {
            return "the quota's requestsPerSecond is not from 1 to " + MAX_REQUESTS_PER_SECOND;
        }
        if (burst < requestsPerSecond || burst > MAX_BURST) {
            return "the quota's burst is not from requestsPerSecond to " + MAX_BURST;
        }
        return null;
    }

    /** This instance's share when {@code instances} share the quota: each part rounded up, at least 1. */
    public AgencyQuota perInstance(int instances) {
        if (instances <= 1) {
            return this;
        }
        return new AgencyQuota(share(requestsPerSecond, instances), share(burst, instances));
    }

    private static int share(int total, int instances) {
        return Math.max(1, (total + instances - 1) / instances);
    }
}
