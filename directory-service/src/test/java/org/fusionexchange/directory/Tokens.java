package org.fusionexchange.directory;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

import org.fusionexchange.stack.FusionStack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.jwt.build.Jwt;

/** Tokens for the tests: real ones from Keycloak for the demo identities, and forged ones for refusals. */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {
    }

    public static String of(FusionStack stack, String username) {
        return stack.keycloak().orElseThrow().passwordToken(username, "demo");
    }

    /** A well-formed token for TAMPA-PD with role reporter, signed by a key Keycloak never saw. */
    public static String fromAnotherIssuer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer("http://127.0.0.1:1/realms/elsewhere")
                    .subject("intruder")
                    .claim("agency", "TAMPA-PD")
                    .claim("realm_access", java.util.Map.of("roles", java.util.List.of("reporter")))
                    .groups(Set.of("reporter"))
                    .sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
}
