package org.fusionexchange.intake;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.test.Tokens;

import com.fasterxml.jackson.databind.JsonNode;

/** Keycloak's admin API on the stack's realm, as an administrator would use it, for what the demo realm lacks. */
public final class RealmAdmin {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RealmAdmin() {
    }

    /**
     * One admin API call on the realm ({@code path} below {@code /admin/realms/fusion}); a 409 (made by an earlier
     * call) counts as done. Answers the body, or null when empty.
     */
    public static JsonNode call(FusionStack stack, String method, String path, Object body) throws Exception {
        KeycloakServer keycloak = stack.keycloak().orElseThrow();
        String admin = keycloak.token(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD), "master");
        String url = keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(SampleReports.JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && response.statusCode() != 409) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isBlank() ? null : SampleReports.JSON.readTree(response.body());
    }

    /**
     * A genuine access token of a demo user whose lifetime is {@code seconds}: issued through a public client of its
     * own with that access-token lifespan (made the first time), carrying the agency and the exchange audience as
     * the realm's own clients do.
     */
    public static synchronized String shortLivedToken(FusionStack stack, String username, int seconds)
            throws Exception {
        String clientId = "short-lived-" + seconds + "s";
        Map<String, Object> agency = Map.of("name", "agency", "protocol", "openid-connect",
                "protocolMapper", "oidc-usermodel-attribute-mapper",
                "config", Map.of("user.attribute", "agency_code", "claim.name", "agency", "jsonType.label", "String",
                        "access.token.claim", "true"));
        Map<String, Object> audience = Map.of("name", "fusion-exchange-audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.custom.audience", "fusion-exchange", "access.token.claim", "true"));
        call(stack, "POST", "/clients", Map.of("clientId", clientId, "publicClient", true, "enabled", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("access.token.lifespan", Integer.toString(seconds)),
                "protocolMappers", List.of(agency, audience)));
        return stack.keycloak().orElseThrow().token(Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", "demo"));
    }

    /**
     * A password-grant token of a reporter of {@code agency} named {@code username}, creating the agency's Keycloak
     * group (if the realm lacks it) and the user the first time.
     */
    public static synchronized String reporterToken(FusionStack stack, String agency, String username)
            throws Exception {
        String agencies = call(stack, "GET", "/group-by-path/agencies", null).get("id").asText();
        call(stack, "POST", "/groups/" + agencies + "/children", Map.of("name", agency,
                "attributes", Map.of("agency_code", List.of(agency))));
        call(stack, "POST", "/users", Map.of("username", username, "enabled", true, "firstName", agency,
                "lastName", "Reporter", "email", username + "@example.org", "emailVerified", true,
                "groups", List.of("/agencies/" + agency),
                "credentials", List.of(Map.of("type", "password", "value", "demo", "temporary", false))));
        String user = call(stack, "GET", "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), null).get(0).get("id").asText();
        JsonNode reporter = call(stack, "GET", "/roles/reporter", null);
        call(stack, "POST", "/users/" + user + "/role-mappings/realm", List.of(reporter));
        return Tokens.of(stack, username);
    }
}
