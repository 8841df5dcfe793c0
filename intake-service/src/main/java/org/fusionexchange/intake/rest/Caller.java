package org.fusionexchange.intake.rest;

import java.security.Principal;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.intake.service.AgencyDirectory;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling: the agency comes from the token's {@code agency} claim and nowhere else. An agency the directory
 * does not know (a Keycloak group made by hand, say) and a suspended one are refused here, on every endpoint, even
 * while their tokens are still valid.
 */
@RequestScoped
public class Caller {

    public static final String AGENCY_CLAIM = "agency";

    private final SecurityIdentity identity;
    private final AgencyDirectory directory;

    public Caller(SecurityIdentity identity, AgencyDirectory directory) {
        this.identity = identity;
        this.directory = directory;
    }

    /** The caller's agency, which the directory must know and not have suspended. */
    public String agency() {
        String agency = agencyClaim(identity.getPrincipal());
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

    /**
     * The agency claim of the token, null when it has none. Read from quarkus-oidc's claims map where it can be:
     * smallrye-jwt's {@code getClaim} first tries the name as a standard claim, and throws and catches an exception
     * for each custom one, on every request (6% of intake-service's CPU on the report list, in a profile).
     */
    static String agencyClaim(Principal principal) {
        if (principal instanceof OidcJwtCallerPrincipal oidc) {
            return oidc.getClaims().getClaimValue(AGENCY_CLAIM) instanceof String agency ? agency : null;
        }
        return principal instanceof JsonWebToken jwt && jwt.getClaim(AGENCY_CLAIM) instanceof String agency ? agency
                : null;
    }
}
