package org.fusionexchange.alert.rest;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.alert.service.DirectoryView;
import org.jboss.logging.Logger;

import io.quarkus.security.ForbiddenException;

/**
 * Who is calling: the agency comes from the token's {@code agency} claim and nowhere else, and a suspended agency
 * (per the directory view) is refused even while its tokens are valid. The analyst is the token's subject.
 */
@RequestScoped
public class Caller {

    public static final String AGENCY_CLAIM = "agency";
    private static final Logger LOG = Logger.getLogger(Caller.class);

    private final JsonWebToken token;
    private final DirectoryView directory;

    public Caller(JsonWebToken token, DirectoryView directory) {
        this.token = token;
        this.directory = directory;
    }

    public String agency() {
        String agency = token.getClaim(AGENCY_CLAIM);
        if (agency == null || agency.isBlank()) {
            throw new ForbiddenException("The token carries no agency.");
        }
        if (directory.suspended(agency)) {
            LOG.warnf("Refused %s of suspended agency %s", analyst(), agency);
            throw new ForbiddenException("The agency " + agency + " is suspended.");
        }
        return agency;
    }

    public String analyst() {
        return token.getSubject() != null ? token.getSubject() : token.getName();
    }
}
