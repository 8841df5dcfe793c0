package org.fusionexchange.stack.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tokens for the services' tests: real ones from the stack's Keycloak for the demo identities, and forged ones for
 * the refusals.
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    /** A password-grant access token of a demo user (password "demo") from the stack's Keycloak. */
    public static String of(FusionStack stack, String username) {
        return stack.keycloak().orElseThrow().passwordToken(username, "demo");
    }

    /**
     * A genuine, unexpired token of the realm that lacks the audience {@code fusion-exchange}: the directory-service's
     * own client-credentials token, meant for Keycloak's admin API only. The services must refuse it (401).
     */
    public static String withoutExchangeAudience(FusionStack stack) {
        return stack.keycloak().orElseThrow().clientToken("directory-service", KeycloakServer.DIRECTORY_SERVICE_SECRET);
    }

    /**
     * A well-formed, unexpired RS256 token for TAMPA-PD with role reporter, signed by a key Keycloak never saw and
     * naming another issuer.
     */
    public static String fromAnotherIssuer() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "http://127.0.0.1:1/realms/elsewhere");
        claims.put("sub", "intruder");
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("agency", "TAMPA-PD");
        claims.put("realm_access", Map.of("roles", List.of("reporter")));
        claims.put("groups", List.of("reporter"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return signed(claims, generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact JWS (RFC 7515) of {@code claims}, signed RS256 with {@code key}. */
    static String signed(Map<String, Object> claims, PrivateKey key) throws GeneralSecurityException {
        String signed = part(Map.of("alg", "RS256", "typ", "JWT")) + "." + part(claims);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + BASE64URL.encodeToString(signature.sign());
    }

    /** The decoded payload of a JWT, without verifying it: for asserting what Keycloak put in. */
    public static JsonNode claims(String token) {
        try {
            String payload = token.split("\\.")[1];
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("Not a JWT", e);
        }
    }

    private static String part(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
