package org.fusionexchange.intake;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.test.Tokens;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A genuine realm token for an agency the directory never published: the Keycloak group {@code /agencies/GHOST-PD}
 * made by hand through the admin API, as an administrator might, with a reporter in it.
 */
public final class UnknownAgency {

    public static final String CODE = "GHOST-PD";
    private static final String USER = "ghost.reporter";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private UnknownAgency() {
    }

    /** A password-grant token of a reporter of GHOST-PD, creating the group and the user the first time. */
    public static synchronized String reporterToken(FusionStack stack) throws Exception {
        KeycloakServer keycloak = stack.keycloak().orElseThrow();
        String admin = keycloak.token(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD), "master");
        String realm = keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM;
        String agencies = call(admin, "GET", realm + "/group-by-path/agencies", null).get("id").asText();
        call(admin, "POST", realm + "/groups/" + agencies + "/children", Map.of("name", CODE,
                "attributes", Map.of("agency_code", List.of(CODE))));
        call(admin, "POST", realm + "/users", Map.of("username", USER, "enabled", true, "firstName", "Ghost",
                "lastName", "Reporter", "email", USER + "@example.org", "emailVerified", true,
                "groups", List.of("/agencies/" + CODE),
                "credentials", List.of(Map.of("type", "password", "value", "demo", "temporary", false))));
        String user = call(admin, "GET", realm + "/users?exact=true&username="
                + URLEncoder.encode(USER, StandardCharsets.UTF_8), null).get(0).get("id").asText();
        JsonNode reporter = call(admin, "GET", realm + "/roles/reporter", null);
        call(admin, "POST", realm + "/users/" + user + "/role-mappings/realm", List.of(reporter));
        return Tokens.of(stack, USER);
    }

    /** One admin API call; a 409 (made by an earlier call) counts as done. */
    private static JsonNode call(String token, String method, String url, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(SampleReports.JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && response.statusCode() != 409) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isBlank() ? null : SampleReports.JSON.readTree(response.body());
    }
}
