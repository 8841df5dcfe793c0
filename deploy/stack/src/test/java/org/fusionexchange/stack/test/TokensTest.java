package org.fusionexchange.stack.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The forged token is refused by the services only for its key and issuer, so it must be a valid JWS otherwise. */
class TokensTest {

    @Test
    void aSignedTokenVerifiesWithItsKeyAndOnlyWithIt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String token = Tokens.signed(Map.of("sub", "someone"), keys.getPrivate());

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertEquals("RS256", header.path("alg").asText());
        assertFalse(token.contains("="), "base64url without padding");
        assertTrue(verifies(parts, keys));
        assertFalse(verifies(parts, generator.generateKeyPair()), "another key does not verify it");
    }

    @Test
    void theForgedTokenClaimsAReporterOfTampaFromAnotherIssuerAndIsUnexpired() {
        JsonNode claims = Tokens.claims(Tokens.fromAnotherIssuer());
        assertEquals("TAMPA-PD", claims.path("agency").asText());
        assertEquals("reporter", claims.path("realm_access").path("roles").path(0).asText());
        assertEquals("http://127.0.0.1:1/realms/elsewhere", claims.path("iss").asText());
        long now = Instant.now().getEpochSecond();
        assertTrue(claims.path("exp").asLong() > now && claims.path("iat").asLong() <= now, claims::toString);
    }

    private static boolean verifies(String[] parts, KeyPair keys) throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(keys.getPublic());
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
