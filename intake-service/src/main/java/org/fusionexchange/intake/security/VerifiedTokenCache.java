package org.fusionexchange.intake.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fusionexchange.intake.config.IntakeConfig;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Verifies a bearer token once while it is valid: the first time a token is seen, quarkus-oidc verifies it as always
 * (signature against the realm's keys, issuer, audience, expiry, roles from {@code realm_access/roles}); the
 * identity it makes is then served for the same exact token until the token's {@code exp} or
 * {@code intake.token-cache.max-age}, whichever comes first. A token that fails verification is never kept.
 * <p>
 * Only the token's verification is cached. Whether the token's agency is known and not suspended is decided on every
 * request by {@code rest/Caller}, after this.
 * <p>
 * It runs ahead of quarkus-oidc's provider (a higher priority) and calls that provider itself on a miss, so a token
 * is verified once per miss, not twice.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(VerifiedTokenCache.class);

    /** Attributes quarkus-oidc puts in an identity that belong to the request it was made on, not to the token. */
    private static final List<String> PER_REQUEST_ATTRIBUTES = List.of(RoutingContext.class.getName(),
            HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, AuthenticationRequestContext.class.getName());

    private final OidcIdentityProvider oidc;
    private final VerifiedTokens tokens;
    private final Counter hits;
    private final Counter misses;

    public VerifiedTokenCache(OidcIdentityProvider oidc, IntakeConfig config, Config settings, MeterRegistry registry) {
        this.oidc = oidc;
        IntakeConfig.TokenCache cache = config.tokenCache();
        this.tokens = enabled(cache, settings) ? new VerifiedTokens(cache.maxSize(), cache.maxAge()) : null;
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
        if (tokens != null) {
            Gauge.builder("intake.token.cache.size", tokens, VerifiedTokens::size)
                    .description("Verified bearer tokens held by the token cache").register(registry);
        }
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of quarkus-oidc's provider, which keeps the default priority. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (tokens == null || routing == null || !(request.getToken() instanceof AccessTokenCredential token)) {
            return oidc.authenticate(request, context);
        }
        VerifiedTokens.Key key = new VerifiedTokens.Key(routing.get(OidcUtils.TENANT_ID_ATTRIBUTE), token.getToken());
        SecurityIdentity verified = tokens.get(key);
        if (verified != null) {
            hits.increment();
            return Uni.createFrom().item(forRequest(verified, routing, context));
        }
        misses.increment();
        return oidc.authenticate(request, context).invoke(identity -> {
            if (identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt) {
                tokens.put(key, withoutRequest(identity), jwt.getExpirationTime());
            }
        });
    }

    /**
     * Whether the request's bearer token is one this cache verified and still holds (not past its {@code exp}): a
     * cheap look-up that verifies nothing, for deciding how to treat a request before it is authenticated (which
     * still happens, as for any request). False when the cache is off.
     */
    public boolean holdsTokenOf(RoutingContext routing) {
        return held(routing) != null;
    }

    /**
     * The identity of the request's bearer token, made for this request, when this cache verified the token and still
     * holds it (not past its {@code exp}); else null, and quarkus-oidc verifies it. For {@link CachedTokenMechanism},
     * which runs ahead of quarkus-oidc's own mechanism.
     */
    SecurityIdentity heldIdentityOf(RoutingContext routing) {
        SecurityIdentity verified = held(routing);
        if (verified == null) {
            return null;
        }
        hits.increment();
        return QuarkusSecurityIdentity.builder(verified).addAttribute(RoutingContext.class.getName(), routing).build();
    }

    /** The verified identity held for the exact token of the request's {@code Authorization: Bearer} header. */
    private SecurityIdentity held(RoutingContext routing) {
        if (tokens == null) {
            return null;
        }
        String authorization = routing.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String tenant = routing.get(OidcUtils.TENANT_ID_ATTRIBUTE);
        return tokens.get(new VerifiedTokens.Key(tenant != null ? tenant : OidcUtils.DEFAULT_TENANT_ID,
                authorization.substring(BEARER.length()).trim()));
    }

    private static final String BEARER = "Bearer ";

    /** The identity as kept: everything quarkus-oidc made of the token, nothing of the request it came with. */
    private static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        PER_REQUEST_ATTRIBUTES.forEach(attributes::remove);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissions(identity.getPermissions())
                .addAttributes(attributes)
                .build();
    }

    /** A kept identity with this request's context, as quarkus-oidc would have made it for this request. */
    private static SecurityIdentity forRequest(SecurityIdentity verified, RoutingContext routing,
            AuthenticationRequestContext context) {
        return QuarkusSecurityIdentity.builder(verified)
                .addAttribute(RoutingContext.class.getName(), routing)
                .addAttribute(AuthenticationRequestContext.class.getName(), context)
                .build();
    }

    /**
     * Off when configured so, or when quarkus-oidc is set to check something on each request beyond the token's
     * content (a DPoP proof, a client certificate bound to the token, a maximum token age, introspection at Keycloak
     * of every token): a cached verification would skip those checks.
     */
    private static boolean enabled(IntakeConfig.TokenCache cache, Config settings) {
        if (cache.maxSize() <= 0 || cache.maxAge().isZero() || cache.maxAge().isNegative()) {
            return false;
        }
        boolean perRequest = settings.getOptionalValue("quarkus.oidc.token.binding.certificate", Boolean.class)
                .orElse(false)
                || "DPoP".equalsIgnoreCase(settings.getOptionalValue("quarkus.oidc.token.authorization-scheme",
                        String.class).orElse("Bearer"))
                || settings.getOptionalValue("quarkus.oidc.token.age", Duration.class).isPresent()
                || settings.getOptionalValue("quarkus.oidc.token.require-jwt-introspection-only", Boolean.class)
                        .orElse(false);
        if (perRequest) {
            LOG.warn("The verified-token cache is off: quarkus.oidc.token checks each request beyond the token "
                    + "(binding, DPoP, age or introspection only)");
        }
        return !perRequest;
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("intake.token.cache.lookups").tag("result", result)
                .description("Bearer tokens served from the verified-token cache (hit) or verified by quarkus-oidc (miss)")
                .register(registry);
    }
}
