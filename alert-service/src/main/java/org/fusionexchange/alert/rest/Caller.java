package org.fusionexchange.alert.rest;

import java.security.Principal;
import java.time.Instant;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.service.DirectoryView;
import org.jboss.logging.Logger;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling: the agency comes from the token's {@code agency} claim and nowhere else. Nothing is answered until
 * the directory view is loaded (503), an agency the directory does not know is refused (a Keycloak group made by
 * hand), and so is a suspended agency, even while its tokens are valid (403). The analyst is the token's subject.
 */
@RequestScoped
public class Caller {

    public static final String AGENCY_CLAIM = "agency";
    private static final Logger LOG = Logger.getLogger(Caller.class);

    private final JsonWebToken token;
    private final DirectoryView directory;
    private final AlertConfig config;

    private final SecurityIdentity identity;

    public Caller(JsonWebToken token, SecurityIdentity identity, DirectoryView directory, AlertConfig config) {
        this.token = token;
        this.identity = identity;
        this.directory = directory;
        this.config = config;
    }

    /**
     * The agency claim of the token, null when it has none. Read from quarkus-oidc's claims map where it can be:
     * smallrye-jwt's {@code getClaim} first tries the name as a standard claim, and throws and catches an exception
     * for each custom one, on every request.
     */
    static String agencyClaim(Principal principal) {
        if (principal instanceof OidcJwtCallerPrincipal oidc) {
            return oidc.getClaims().getClaimValue(AGENCY_CLAIM) instanceof String agency ? agency : null;
        }
        return principal instanceof JsonWebToken jwt ? jwt.getClaim(AGENCY_CLAIM) : null;
    }

    public String agency() {
        String agency = agencyClaim(identity.getPrincipal());
        if (agency == null || agency.isBlank()) {
            throw new ForbiddenException("The token carries no agency.");
        }
        if (!directory.loaded()) {
            throw new RetryLater(Problem.of("directory-not-loaded", "Service unavailable", 503,
                    "The directory view is still loading; retry shortly."), config.directory().retryAfter());
        }
        if (directory.agency(agency).isEmpty()) {
            LOG.warnf("Refused %s of agency %s, unknown to the directory", analyst(), agency);
            throw new ForbiddenException("The agency " + agency + " is not known to the directory.");
        }
        if (directory.suspended(agency)) {
            LOG.warnf("Refused %s of suspended agency %s", analyst(), agency);
            throw new ForbiddenException("The agency " + agency + " is suspended.");
        }
        return agency;
    }

    /** When the token expires: a stream ends then, and the client reconnects with a fresh one. */
    public Instant expiresAt() {
        return Instant.ofEpochSecond(token.getExpirationTime());
    }

    public String analyst() {
        return token.getSubject() != null ? token.getSubject() : token.getName();
    }
}
