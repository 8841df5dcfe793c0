package org.fusionexchange.alert.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves a request whose bearer token {@link VerifiedTokenCache} verified and still holds, ahead of quarkus-oidc's
 * mechanism. For any other request it answers nothing, and quarkus-oidc's mechanism runs as it always does (its
 * tenant, its token, its identity provider, which asks the cache first, then verifies).
 * <p>
 * A held token's identity was already served without a second verification; this only skips what quarkus-oidc's
 * mechanism did before asking the cache: decoding the token's payload into a map to tell whether it is opaque, and
 * resolving its tenant, on every request. That was 4 to 8% of the lists' CPU (deploy/bench/README.md, session 41).
 * Whether the token's agency is known and not suspended is still decided on every request, by {@code rest/Caller}.
 * It never challenges: a refused request gets quarkus-oidc's challenge.
 */
@ApplicationScoped
public class CachedTokenMechanism implements HttpAuthenticationMechanism {

    private final VerifiedTokenCache cache;
    private final int priority;
    private final Counter served;

    public CachedTokenMechanism(VerifiedTokenCache cache, OidcAuthenticationMechanism oidc, MeterRegistry registry) {
        this.cache = cache;
        this.priority = oidc.getPriority() + 1;
        this.served = Counter.builder("alert.token.cache.ahead")
                .description("Requests authenticated from the token cache before quarkus-oidc's mechanism ran")
                .register(registry);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        SecurityIdentity identity = cache.heldIdentityOf(context);
        if (identity == null) {
            return Uni.createFrom().nullItem();
        }
        served.increment();
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public int getPriority() {
        return priority;
    }
}
