package org.fusionexchange.system;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads what Keycloak put in a token, without verifying it. */
final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwt() {
    }

    static JsonNode claims(String token) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("Not a JWT", e);
        }
    }
}
