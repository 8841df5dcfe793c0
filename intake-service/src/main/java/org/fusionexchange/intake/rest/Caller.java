package org.fusionexchange.intake.rest;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.ForbiddenException;

/** Who is calling: the agency comes from the token's {@code agency} claim and nowhere else. */
@RequestScoped
public class Caller {

    public static final String AGENCY_CLAIM = "agency";

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    public String agency() {
        String agency = token.getClaim(AGENCY_CLAIM);
        if (agency == null || agency.isBlank()) {
            throw new ForbiddenException("The token carries no agency.");
        }
        return agency;
    }

    public String username() {
        return token.getName();
    }
}
