package org.fusionexchange.directory.rest;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.directory.service.Agency;
import org.fusionexchange.directory.service.AgencyService;
import org.fusionexchange.directory.service.AgencyStatus;
import org.fusionexchange.directory.service.DirectoryException;
import org.fusionexchange.directory.service.Quota;
import org.jboss.logging.Logger;

import io.quarkus.security.ForbiddenException;

/**
 * Who is calling: the agency comes from the token's {@code agency} claim and nowhere else. This service knows its
 * own data, so it refuses the tokens of an unknown or suspended agency directly from the directory, at the
 * request after the change commits.
 */
@RequestScoped
public class Caller {

    public static final String AGENCY_CLAIM = "agency";
    private static final Logger LOG = Logger.getLogger(Caller.class);

    private final JsonWebToken token;
    private final AgencyService agencies;
    private Optional<Agency> entry;

    public Caller(JsonWebToken token, AgencyService agencies) {
        this.token = token;
        this.agencies = agencies;
    }

    /**
     * The caller's agency, once it is known to be an active agency of the directory; every endpoint starts with
     * this. An agency the directory does not know (a Keycloak group made by hand, say) is refused like a suspended
     * one: a valid signature says who issued the token, not that the agency was ever onboarded.
     */
    public String activeAgency() {
        String agency = claimedAgency().orElseThrow(() -> new ForbiddenException("The token carries no agency."));
        AgencyStatus status = directoryEntry().map(Agency::status).orElse(null);
        if (status == null) {
            LOG.warnf("Refused %s: its token names agency %s, which is not in the directory", username(),
                    printable(agency));
            throw new DirectoryException.CallerUnknown(agency);
        }
        if (status == AgencyStatus.SUSPENDED) {
            throw new DirectoryException.CallerSuspended(agency);
        }
        return agency;
    }

    /** The agency the token names, whether or not the directory knows it; empty when it names none. */
    public Optional<String> claimedAgency() {
        return agencyClaim(token);
    }

    /** The agency a token names; empty when it names none. */
    static Optional<String> agencyClaim(JsonWebToken token) {
        Object claim = token.getClaim(AGENCY_CLAIM);
        // smallrye-jwt answers a string claim as String or JsonString; any other shape names no agency
        String agency = claim instanceof JsonString json ? json.getString()
                : claim instanceof String text ? text : null;
        return Optional.ofNullable(agency).filter(a -> !a.isBlank());
    }

    /** The request quota of the caller's agency; null when it has none of its own or the directory does not know it. */
    public Quota quota() {
        return directoryEntry().map(Agency::quota).orElse(null);
    }

    /** The caller's agency as the directory has it now, read once per request (the quota filter reads it first). */
    private Optional<Agency> directoryEntry() {
        if (entry == null) {
            entry = claimedAgency().flatMap(agencies::find);
        }
        return entry;
    }

    /** A claim as it may go into a log line: no line breaks or control characters, and not too long. */
    private static String printable(String value) {
        String cleaned = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }

    /** The user or service account, for the audit log. */
    public String username() {
        String name = token.getClaim("preferred_username");
        return name == null ? token.getSubject() : name;
    }
}
