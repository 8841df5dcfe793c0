package org.fusionexchange.intake.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.intake.service.RequestQuotas;
import org.fusionexchange.intake.service.RequestQuotas.Decision;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The quota on /api ({@link RequestQuotas}). An authenticated request counts against its agency's bucket after
 * authentication and before its body is read or its method runs; over the quota it is answered 429 with
 * Retry-After and nothing is done. A request refused by authentication (401) counts against its client address's
 * bucket, one refused for want of a role (403) against its agency's, so that those answers say where the caller
 * stands too. Every 2xx and 4xx answer of a limited caller carries {@code RateLimit-Policy} and {@code RateLimit}
 * (draft-ietf-httpapi-ratelimit-headers-10); error answers from the exception mappers included, since this is a
 * response filter. With nothing limited, both filters return at once.
 */
public class QuotaFilter {

    public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    public static final String RATE_LIMIT = "RateLimit";
    private static final String DECISION = QuotaFilter.class.getName() + ".decision";

    private final RequestQuotas quotas;

    public QuotaFilter(RequestQuotas quotas) {
        this.quotas = quotas;
    }

    @ServerRequestFilter
    public Response count(ContainerRequestContext request, RoutingContext http) {
        if (!quotas.active() || !isApi(request)) {
            return null;
        }
        String agency = agency(http);
        Decision decision = agency == null ? quotas.address(address(http)) : quotas.agency(agency);
        if (decision == null) {
            return null;
        }
        request.setProperty(DECISION, decision);
        return decision.allowed() ? null
                : ProblemMapper.respond(tooManyRequests(decision), request.getUriInfo());
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response, RoutingContext http) {
        if (!quotas.active()) {
            return;
        }
        int status = response.getStatus();
        Decision decision = (Decision) request.getProperty(DECISION);
        if (decision == null && (status == 401 || status == 403) && isApi(request)) {
            // refused by the security checks, which run before the request filter
            String agency = status == 403 ? agency(http) : null;
            decision = agency == null ? quotas.address(address(http)) : quotas.agency(agency);
            if (decision != null && !decision.allowed()) {
                Problem problem = tooManyRequests(decision).at(request.getUriInfo().getRequestUri());
                response.setStatus(429);
                response.setEntity(problem, null, MediaType.valueOf(Problem.MEDIA_TYPE));
                status = 429;
            }
        }
        if (decision == null || status < 200 || status >= 500 || (status >= 300 && status < 400)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle(RATE_LIMIT_POLICY, decision.policyHeader());
        headers.putSingle(RATE_LIMIT, decision.rateLimitHeader());
        if (status == 429) {
            headers.putSingle("Retry-After", Long.toString(decision.retryAfterSeconds()));
        }
    }

    private static Problem tooManyRequests(Decision decision) {
        return Problem.of("too-many-requests", "Too many requests", 429, decision.detail());
    }

    private static boolean isApi(ContainerRequestContext request) {
        return request.getUriInfo().getPath().startsWith("/api/");
    }

    /** The verified token's agency, or null when the request is not authenticated (or the token names none). */
    private static String agency(RoutingContext http) {
        if (http.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token) {
            String agency = Caller.agencyClaim(token);
            return agency != null && !agency.isBlank() ? agency : null;
        }
        return null;
    }

    private static String address(RoutingContext http) {
        SocketAddress remote = http.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
