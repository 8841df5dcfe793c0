package org.fusionexchange.alert.service;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The routing view of the directory: the highest version of each agency seen on {@code directory.agencies}. Routing
 * waits until the view has read the topic up to its end offsets at start-up. The REST API answers once the view is
 * {@link #loaded()}: caught up, or, while Kafka stays unreachable after start, the view persisted last.
 */
@ApplicationScoped
public class DirectoryView {

    private final ConcurrentHashMap<String, DirectoryAgency> agencies = new ConcurrentHashMap<>();
    private volatile List<DirectoryAgency> byCode = List.of();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean restored;
    private volatile boolean servingPersisted;
    private final AtomicLong persistedViewDecisions = new AtomicLong();

    /** Keeps the snapshot unless a version at least as high is already known; true when it was kept. */
    public boolean apply(DirectoryAgency agency) {
        DirectoryAgency kept = agencies.merge(agency.code(), agency,
                (old, candidate) -> candidate.version() > old.version() ? candidate : old);
        if (kept == agency) {
            copy();
        }
        return kept == agency;
    }

    /** The copy {@link #agencies()} gives, made again after each change: routing asks for it at every report. */
    private synchronized void copy() {
        byCode = agencies.values().stream().sorted(Comparator.comparing(DirectoryAgency::code)).toList();
    }

    /** Every agency, by code: an unmodifiable copy, which later changes leave as it is. */
    public Collection<DirectoryAgency> agencies() {
        return byCode;
    }

    public Optional<DirectoryAgency> agency(String code) {
        return Optional.ofNullable(agencies.get(code));
    }

    /** Applies the view persisted last (each agency kept only over a lower version). */
    public void restore(Collection<DirectoryAgency> persisted) {
        persisted.forEach(this::apply);
        restored = restored || !persisted.isEmpty();
    }

    /**
     * Answers with the persisted view while the topic has not been read: only when there is one, never with an empty
     * view; true when the view is now loaded.
     */
    public boolean usePersisted() {
        if (restored && !caughtUp()) {
            servingPersisted = true;
        }
        persistedViewDecisions.incrementAndGet();
        return loaded();
    }

    /**
     * How many times {@link #usePersisted()} decided whether to answer with the persisted view (after it was read),
     * so that one can tell the fallback has run rather than not yet.
     */
    public long persistedViewDecisions() {
        return persistedViewDecisions.get();
    }

    /** Whether requests may be answered: the topic was read up to its end offsets at start, or a persisted view. */
    public boolean loaded() {
        return caughtUp() || servingPersisted;
    }

    /** Whether the view answers from what was persisted because the topic could not be read yet. */
    public boolean servingPersisted() {
        return servingPersisted && !caughtUp();
    }

    public boolean suspended(String code) {
        return agency(code).map(DirectoryAgency::suspended).orElse(false);
    }

    public int size() {
        return agencies.size();
    }

    public void markCaughtUp() {
        caughtUp.countDown();
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
