package org.fusionexchange.intake.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * What this service knows of the directory: each agency's status, keeping per code the snapshot with the highest
 * version, whatever order snapshots arrive in. It fails closed: an agency it does not know is refused, and it
 * answers nothing until it has a view worth answering with, which is one of
 * <ul>
 * <li>directory.agencies read up to the end offsets found at start ({@link #markCaughtUp()}), or</li>
 * <li>the non-empty view an earlier run persisted ({@link #load}), once Kafka has not answered within the wait;
 * Kafka is still tried, and what it brings is applied as it comes.</li>
 * </ul>
 * An empty view is never served. Once serving, the service goes on serving with the last view it has.
 */
@ApplicationScoped
public class AgencyDirectory {

    private static final Logger LOG = Logger.getLogger(AgencyDirectory.class);

    public enum Status {
        ACTIVE, SUSPENDED
    }

    /** One agency as the view holds it; {@code quota} null when the service's default applies. */
    public record Agency(String code, Status status, long version, Quota quota) {

        public Agency(String code, Status status, long version) {
            this(code, status, version, null);
        }
    }

    /**
     * An agency's own request quota as the directory publishes it: {@code requestsPerSecond} 1 to 10,000, {@code burst}
     * from {@code requestsPerSecond} to 100,000.
     */
    public record Quota(int requestsPerSecond, int burst) {

        public static final int MAX_REQUESTS_PER_SECOND = 10_000;
        public static final int MAX_BURST = 100_000;

        public Quota {
            if (requestsPerSecond < 1 || requestsPerSecond > MAX_REQUESTS_PER_SECOND || burst < requestsPerSecond
                    || burst > MAX_BURST) {
                throw new IllegalArgumentException("requestsPerSecond must be 1 to " + MAX_REQUESTS_PER_SECOND
                        + " and burst from requestsPerSecond to " + MAX_BURST);
            }
        }
    }

    /** Where the view being served comes from. */
    public enum Source {
        /** Nothing to serve with yet: every /api request gets 503. */
        NONE,
        /** The view persisted by an earlier run, Kafka not (yet) reachable. */
        PERSISTED,
        /** directory.agencies, read up to the end offsets found at start. */
        KAFKA
    }

    private final ConcurrentMap<String, Agency> agencies = new ConcurrentHashMap<>();
    private final Supplier<Instant> clock;
    private volatile int persisted;
    private volatile Instant persistedUsableAt = Instant.MAX;
    private volatile boolean kafkaAnswered;
    private volatile Source source = Source.NONE;
    private volatile boolean anyQuota;

    @Inject
    public AgencyDirectory() {
        this(Instant::now);
    }

    public AgencyDirectory(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** At start: the view an earlier run persisted, usable once Kafka has not answered within {@code kafkaWait}. */
    public void load(Collection<Agency> stored, Duration kafkaWait) {
        stored.forEach(this::apply);
        persisted = stored.size();
        persistedUsableAt = clock.get().plus(kafkaWait);
        LOG.infof("Directory view: %d agencies persisted by an earlier run", stored.size());
    }

    /** Applies a snapshot unless a newer or equal version is already known; true when it changed the view. */
    public boolean apply(Agency agency) {
        Agency result = agencies.merge(agency.code(), agency,
                (known, candidate) -> candidate.version() > known.version() ? candidate : known);
        if (result != agency) {
            return false;
        }
        // rare (a change of the directory), so a scan of every agency costs nothing
        anyQuota = agencies.values().stream().anyMatch(known -> known.quota() != null);
        return true;
    }

    /** Kafka answered with the end offsets: the view is now caught up from Kafka before it is served. */
    public void kafkaAnswered() {
        kafkaAnswered = true;
    }

    /** Kafka was lost before the view caught up: the persisted view may be served again after the wait. */
    public void kafkaLost() {
        kafkaAnswered = false;
    }

    /** directory.agencies has been read up to the end offsets found at start. */
    public void markCaughtUp() {
        if (source != Source.KAFKA) {
            source = Source.KAFKA;
            LOG.infof("Directory view caught up with directory.agencies: %d agencies", agencies.size());
        }
    }

    /** Whether requests may be answered: a caught-up view, or a persisted one while Kafka stays away. */
    public boolean ready() {
        if (source == Source.NONE && persisted > 0 && !kafkaAnswered && !clock.get().isBefore(persistedUsableAt)) {
            synchronized (this) {
                if (source == Source.NONE) {
                    source = Source.PERSISTED;
                    LOG.warnf("Kafka unreachable: serving the directory view persisted by an earlier run "
                            + "(%d agencies) until directory.agencies can be read", agencies.size());
                }
            }
        }
        return source != Source.NONE;
    }

    public Source source() {
        return source;
    }

    public int size() {
        return agencies.size();
    }

    public boolean isKnown(String code) {
        return agencies.containsKey(code);
    }

    public boolean isSuspended(String code) {
        Agency known = agencies.get(code);
        return known != null && known.status() == Status.SUSPENDED;
    }

    /** The agency's own quota, or null when it has none (or is not known): the service's default applies. */
    public Quota quota(String code) {
        Agency known = agencies.get(code);
        return known == null ? null : known.quota();
    }

    /** Whether any agency has a quota of its own. */
    public boolean anyQuota() {
        return anyQuota;
    }

    /** The view as it stands, for tests and diagnostics. */
    public Map<String, Agency> snapshot() {
        return Map.copyOf(agencies);
    }
}
