package org.fusionexchange.directory.rest;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.directory.service.AgencyService;
import org.fusionexchange.directory.service.AgencyStatus;
import org.fusionexchange.directory.service.DirectoryException;

import io.quarkus.security.ForbiddenException;

/**
 * Who is calling: the agency comes from the token's {@code agency} claim and nowhere else. This service knows its
 * own data, so it refuses a suspended agency's tokens directly from the directory.
 */
@RequestScoped
public class Caller {

    public static final String AGENCY_CLAIM = "agency";

    private final JsonWebToken token;
    private final AgencyService agencies;

    public Caller(JsonWebToken token, AgencyService agencies) {
        this.token = token;
        this.agencies = agencies;
    }

    /** The caller's agency, once it is known not to be suspended; every endpoint starts with this. */
    public String activeAgency() {
        String agency = token.getClaim(AGENCY_CLAIM);
        if (agency == null || agency.isBlank()) {
            throw new ForbiddenException("The token carries no agency.");
        }
        if (agencies.statusOf(agency).filter(AgencyStatus.SUSPENDED::equals).isPresent()) {
            throw new DirectoryException.CallerSuspended(agency);
        }
        return agency;
    }

    /** The user or service account, for the audit log. */
    public String username() {
        String name = token.getClaim("preferred_username");
        return name == null ? token.getSubject() : name;
    }
}
