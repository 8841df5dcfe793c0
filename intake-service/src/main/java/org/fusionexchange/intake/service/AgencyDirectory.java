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

    /** One agency as the view holds it. */
    public record Agency(String code, Status status, long version) {
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
        return result == agency;
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

    /** The view as it stands, for tests and diagnostics. */
    public Map<String, Agency> snapshot() {
        return Map.copyOf(agencies);
    }
}
