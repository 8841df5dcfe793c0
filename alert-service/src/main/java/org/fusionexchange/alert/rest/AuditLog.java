package org.fusionexchange.alert.rest;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * The audit trail (DOMAIN.md: the FBI CJIS Security Policy's audit events, section 5.4.1.1, and 28 CFR Part 23's
 * record of who received what and when): one record for every API request, whatever its outcome, refusals included
 * (401, 403, 404, 409, 412, 422, 429), written as the response starts. It goes to the log category
 * {@value #CATEGORY} as one line of JSON: {@code time}, {@code component} (this service), {@code event} (the method
 * and path, which names the resource and its id), {@code identity} (the token's user name, or none), {@code subject}
 * (its {@code sub}), {@code agency} (its claim), {@code outcome} ({@code success}, {@code refused} or {@code failed})
 * with the {@code status}, and the {@code client} address. A deployment routes the category to its audit store
 * (docs/security.md, "Audit"). Log-ons are Keycloak's own events.
 */
@ApplicationScoped
public class AuditLog {

    public static final String CATEGORY = "audit";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final String COMPONENT = "alert-service";

    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (rc.normalizedPath().startsWith("/api/")) {
                rc.addHeadersEndHandler(v -> record(rc));
            }
            rc.next();
        }, 20);
    }

    private void record(RoutingContext rc) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("component", COMPONENT);
        entry.put("event", rc.request().method().name() + " " + rc.normalizedPath());
        SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        Principal principal = identity == null || identity.isAnonymous() ? null : identity.getPrincipal();
        entry.put("identity", principal == null ? null : principal.getName());
        entry.put("subject", claim(principal, "sub"));
        entry.put("agency", claim(principal, Caller.AGENCY_CLAIM));
        int status = rc.response().getStatusCode();
        entry.put("outcome", status < 400 ? "success" : status < 500 ? "refused" : "failed");
        entry.put("status", status);
        entry.put("client", rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress());
        try {
            LOG.info(json.writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            LOG.errorf("An audit record could not be written: %s %s", entry, e.getMessage());
        }
    }

    private static String claim(Principal principal, String name) {
        Object value = principal instanceof OidcJwtCallerPrincipal oidc ? oidc.getClaims().getClaimValue(name)
                : principal instanceof JsonWebToken jwt ? jwt.getClaim(name) : null;
        return value instanceof String text ? text : null;
    }
}
