package org.fusionexchange.intake.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * What this service knows of the directory: each agency's status, from directory.agencies, keeping per code the
 * snapshot with the highest version. An agency the directory has not published is allowed: the directory may not
 * have published it yet, and Keycloak already vouches for the token.
 */
@ApplicationScoped
public class AgencyDirectory {

    private static final Logger LOG = Logger.getLogger(AgencyDirectory.class);

    public enum Status {
        ACTIVE, SUSPENDED
    }

    private record Known(Status status, long version) {
    }

    private final ConcurrentMap<String, Known> agencies = new ConcurrentHashMap<>();

    /** Applies a snapshot unless a newer or equal version is already known; true when it changed the view. */
    public boolean apply(String code, Status status, long version) {
        Known next = new Known(status, version);
        Known result = agencies.merge(code, next, (known, candidate) -> candidate.version > known.version ? candidate : known);
        if (result == next) {
            LOG.infof("Agency %s is %s (directory version %d)", code, status, version);
            return true;
        }
        return false;
    }

    public boolean isSuspended(String code) {
        Known known = agencies.get(code);
        return known != null && known.status == Status.SUSPENDED;
    }
}
