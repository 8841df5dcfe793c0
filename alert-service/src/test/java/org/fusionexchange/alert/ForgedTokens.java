package org.fusionexchange.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Analyst tokens signed by a key of the tests' own, for a test profile whose service verifies tokens with that key
 * ({@link #verificationConfig()}): an agency the directory does not know, a subject per client, an expiry seconds
 * away. Keycloak cannot issue these.
 */
public final class ForgedTokens {

    private static final KeyPair KEY = generate();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {
    }

    /**
     * The service's configuration to verify these tokens (and only these) on /api: an OIDC tenant of its own with the
     * public key, since the default tenant's server URL (set by the stack) takes precedence over a key.
     */
    public static Map<String, String> verificationConfig() {
        return Map.of("quarkus.oidc.forged.public-key", Base64.getEncoder().encodeToString(KEY.getPublic().getEncoded()),
                "quarkus.oidc.forged.application-type", "service",
                "quarkus.oidc.forged.roles.role-claim-path", "realm_access/roles",
                "quarkus.oidc.forged.tenant-paths", "/api/*");
    }

    /** An analyst's access token of {@code agency} (none when null), expiring {@code lifetime} seconds from now. */
    public static String analyst(String issuer, String agency, String subject, long lifetime) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", List.of("fusion-exchange"));
        claims.put("typ", "Bearer");
        claims.put("azp", "fusion-cli");
        claims.put("iat", now);
        claims.put("exp", now + lifetime);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("preferred_username", subject);
        if (agency != null) {
            claims.put("agency", agency);
        }
        claims.put("realm_access", Map.of("roles", List.of("analyst")));
        try {
            String signed = part(Map.of("alg", "RS256", "typ", "JWT")) + "." + part(claims);
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(KEY.getPrivate());
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(ContractExamples.JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
