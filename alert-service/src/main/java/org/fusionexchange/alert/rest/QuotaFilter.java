package org.fusionexchange.alert.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.fusionexchange.alert.service.DirectoryAgency;
import org.fusionexchange.alert.service.DirectoryView;
import org.fusionexchange.alert.service.RequestQuotas;
import org.fusionexchange.alert.service.RequestQuotas.Decision;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts every {@code /api} request against its agency's quota (service/RequestQuotas), once the bearer token is
 * verified and before the request is matched, its body read or a resource runs: an SSE stream counts once, when it
 * opens. The agency is the token's {@code agency} claim, as for {@link Caller}; a request without a valid token, or
 * whose token names no agency, counts against its client address with the service default. Over the quota: 429
 * problem with {@code Retry-After}. Every 2xx and 4xx answer of a limited caller carries {@code RateLimit-Policy} and
 * {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers-10), set just before the headers are written, so that
 * answers of the problem mapper and of the stream carry them too. The console's files, /console-config.json and /q
 * never count.
 */
public class QuotaFilter {


    private final IdentityProviderManager identities;
    private final RequestQuotas quotas;
    private final DirectoryView directory;

    public QuotaFilter(IdentityProviderManager identities, RequestQuotas quotas, DirectoryView directory) {
        this.identities = identities;
        this.quotas = quotas;
        this.directory = directory;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> count(ContainerRequestContext request, RoutingContext routing) {
        if (!routing.normalizedPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        // the same (memoized) identity the security checks after matching will use: the token is verified once
        Uni<SecurityIdentity> identity = QuarkusHttpUser.getSecurityIdentity(routing, identities);
        return identity.onItemOrFailure().transform((caller, failure) -> {
            String agency = failure == null ? agency(caller) : null;
            Decision decision = agency != null
                    ? quotas.takeForAgency(agency, directory.agency(agency).map(DirectoryAgency::quota).orElse(null))
                    : quotas.takeForAddress(routing.request().remoteAddress().hostAddress());
            if (decision == null) {
                return null;
            }
            routing.addHeadersEndHandler(ignored -> {
                if (routing.response().getStatusCode() < 500) {
                    routing.response().putHeader(OpenApiDocument.RATE_LIMIT_POLICY, decision.policyHeader())
                            .putHeader(OpenApiDocument.RATE_LIMIT, decision.limitHeader());
                }
            });
            if (decision.allowed()) {
                return null;
            }
            Problem problem = Problem.of("too-many-requests", "Too many requests", 429, "Over the request quota of "
                    + (RequestQuotas.AGENCY.equals(decision.policy()) ? "your agency" : "your address")
                    + " (policy \"" + decision.policy() + "\"); retry after " + decision.retryAfter() + " s.");
            return Response.fromResponse(ProblemMapper.respond(problem, request.getUriInfo()))
                    .header(OpenApiDocument.RETRY_AFTER, decision.retryAfter()).build();
        });
    }

    /** The token's agency claim; null for an anonymous request or a token without one. */
    private static String agency(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        String agency = Caller.agencyClaim(identity.getPrincipal());
        return agency == null || agency.isBlank() ? null : agency;
    }
}
