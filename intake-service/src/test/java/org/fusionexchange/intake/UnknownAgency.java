package org.fusionexchange.intake;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.test.Tokens;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A genuine realm token for an agency the directory never published: the Keycloak group {@code /agencies/GHOST-PD}
 * made by hand through the admin API, as an administrator might, with a reporter in it.
 */
public final class UnknownAgency {

    public static final String CODE = "GHOST-PD";
    private static final String USER = "ghost.reporter";

    private UnknownAgency() {
    }

    /** A password-grant token of a reporter of GHOST-PD, creating the group and the user the first time. */
    public static synchronized String reporterToken(FusionStack stack) throws Exception {
        String agencies = RealmAdmin.call(stack, "GET", "/group-by-path/agencies", null).get("id").asText();
        RealmAdmin.call(stack, "POST", "/groups/" + agencies + "/children", Map.of("name", CODE,
                "attributes", Map.of("agency_code", List.of(CODE))));
        RealmAdmin.call(stack, "POST", "/users", Map.of("username", USER, "enabled", true, "firstName", "Ghost",
                "lastName", "Reporter", "email", USER + "@example.org", "emailVerified", true,
                "groups", List.of("/agencies/" + CODE),
                "credentials", List.of(Map.of("type", "password", "value", "demo", "temporary", false))));
        String user = RealmAdmin.call(stack, "GET", "/users?exact=true&username="
                + URLEncoder.encode(USER, StandardCharsets.UTF_8), null).get(0).get("id").asText();
        JsonNode reporter = RealmAdmin.call(stack, "GET", "/roles/reporter", null);
        RealmAdmin.call(stack, "POST", "/users/" + user + "/role-mappings/realm", List.of(reporter));
        return Tokens.of(stack, USER);
    }
}
