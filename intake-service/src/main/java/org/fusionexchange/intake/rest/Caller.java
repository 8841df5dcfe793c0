package org.fusionexchange.intake.rest;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.intake.service.AgencyDirectory;

import io.quarkus.security.ForbiddenException;

/**
 * Who is calling: the agency comes from the token's {@code agency} claim and nowhere else. An agency the directory
 * does not know (a Keycloak group made by hand, say) and a suspended one are refused here, on every endpoint, even
 * while their tokens are still valid.
 */
@RequestScoped
public class Caller {

    public static final String AGENCY_CLAIM = "agency";

    private final JsonWebToken token;
    private final AgencyDirectory directory;

    public Caller(JsonWebToken token, AgencyDirectory directory) {
        this.token = token;
        this.directory = directory;
    }

    /** The caller's agency, which the directory must know and not have suspended. */
    public String agency() {
        String agency = token.getClaim(AGENCY_CLAIM);
        if (agency == null || agency.isBlank()) {
            throw new ForbiddenException("The token carries no agency.");
        }
        if (!directory.isKnown(agency)) {
            throw new ForbiddenException("Agency " + agency + " is not known to the directory.");
        }
        if (directory.isSuspended(agency)) {
            throw new ForbiddenException("Agency " + agency + " is suspended.");
        }
        return agency;
    }

    public String username() {
        return token.getName();
    }
}
