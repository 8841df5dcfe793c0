package org.fusionexchange.alert.service;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The routing view of the directory: the highest version of each agency seen on {@code directory.agencies}. Routing
 * waits until the view has read the topic up to its end offsets at start-up.
 */
@ApplicationScoped
public class DirectoryView {

    private final ConcurrentHashMap<String, DirectoryAgency> agencies = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    /** Keeps the snapshot unless a version at least as high is already known; true when it was kept. */
    public boolean apply(DirectoryAgency agency) {
        DirectoryAgency kept = agencies.merge(agency.code(), agency,
                (old, candidate) -> candidate.version() > old.version() ? candidate : old);
        return kept == agency;
    }

    public Collection<DirectoryAgency> agencies() {
        return List.copyOf(agencies.values());
    }

    public Optional<DirectoryAgency> agency(String code) {
        return Optional.ofNullable(agencies.get(code));
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
