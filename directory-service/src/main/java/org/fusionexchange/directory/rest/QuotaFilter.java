package org.fusionexchange.directory.rest;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.directory.service.RequestQuotas;
import org.fusionexchange.directory.service.RequestQuotas.Decision;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The request quota of /api (issue 18). Every request counts once, after authentication and before the resource
 * method runs or its body is read: against its agency's bucket (the token's agency claim; the agency's own quota
 * from the directory, or the default), or, when it carries no valid token, against its client address's bucket
 * with the default. Over the quota: 429 with Retry-After. Every 2xx and 4xx answer of a limited caller, those of
 * the exception mappers included, carries RateLimit-Policy and RateLimit.
 */
public class QuotaFilter {

    public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    public static final String RATE_LIMIT = "RateLimit";
    private static final String DECISION = QuotaFilter.class.getName() + ".decision";

    private final RequestQuotas quotas;
    private final CurrentIdentityAssociation identities;
    private final Caller caller;
    private final CurrentVertxRequest http;

    public QuotaFilter(RequestQuotas quotas, CurrentIdentityAssociation identities, Caller caller,
            CurrentVertxRequest http) {
        this.quotas = quotas;
        this.identities = identities;
        this.caller = caller;
        this.http = http;
    }

    @ServerRequestFilter
    public Optional<Response> count(ContainerRequestContext request, HttpServerRequest http) {
        if (!isApi(request)) {
            return Optional.empty();
        }
        Optional<String> agency = authenticated() ? caller.claimedAgency() : Optional.empty();
        Optional<Decision> decision = agency.isPresent()
                ? quotas.takeForAgency(agency.get(), caller.quota())
                : quotas.takeForAddress(address(http));
        decision.ifPresent(d -> request.setProperty(DECISION, d));
        return decision.filter(d -> !d.allowed()).map(d -> tooManyRequests(d, request));
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        Decision decision = request.getProperty(DECISION) instanceof Decision d ? d : null;
        if (decision == null && isApi(request) && (response.getStatus() == 401 || response.getStatus() == 403)) {
            // refused by the security checks before the request filter ran (no valid token, or a role that does not
            // allow the operation): counted here, without blocking, with the quota the agency's bucket already has
            RoutingContext context = http.getCurrent();
            Optional<String> agency = context.user() instanceof QuarkusHttpUser user
                    ? agencyOf(user.getSecurityIdentity()) : Optional.empty();
            decision = (agency.isPresent() ? quotas.takeForAgencyAsKnown(agency.get())
                    : quotas.takeForAddress(address(context.request()))).orElse(null);
            if (decision != null && !decision.allowed()) {
                Response refused = tooManyRequests(decision, request);
                response.setStatus(refused.getStatus());
                response.setEntity(refused.getEntity(), null, refused.getMediaType());
                response.getHeaders().putSingle("Retry-After", Long.toString(decision.retryAfter()));
            }
        }
        int status = response.getStatus();
        if (decision != null && status >= 200 && status < 500) {
            response.getHeaders().putSingle(RATE_LIMIT_POLICY, decision.policyHeader());
            response.getHeaders().putSingle(RATE_LIMIT, decision.stateHeader());
        }
    }

    private static boolean isApi(ContainerRequestContext request) {
        return request.getUriInfo().getPath().startsWith("/api/");
    }

    private static Optional<String> agencyOf(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token
                ? Caller.agencyClaim(token) : Optional.empty();
    }

    /** Whether the request carries a valid token; a missing or refused one is counted by address. */
    private boolean authenticated() {
        try {
            SecurityIdentity identity = identities.getDeferredIdentity().await().indefinitely();
            return identity != null && !identity.isAnonymous();
        } catch (AuthenticationFailedException e) {
            return false;
        }
    }

    private static String address(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    private static Response tooManyRequests(Decision decision, ContainerRequestContext request) {
        String who = RequestQuotas.AGENCY.equals(decision.policy()) ? "Agency " + decision.key()
                : "This client address, without a valid token,";
        Problem problem = Problem.of("too-many-requests", "Too many requests", 429, who + " is over its request "
                + "quota (policy \"" + decision.policy() + "\": " + decision.limit().requestsPerSecond()
                + " requests a second, bursts of " + decision.limit().burst() + "). Retry after "
                + decision.retryAfter() + " s; nothing was read or stored.");
        return Response.fromResponse(ProblemMapper.respond(problem, request.getUriInfo()))
                .header("Retry-After", Long.toString(decision.retryAfter()))
                .header(RATE_LIMIT_POLICY, decision.policyHeader())
                .header(RATE_LIMIT, decision.stateHeader())
                .build();
    }
}
