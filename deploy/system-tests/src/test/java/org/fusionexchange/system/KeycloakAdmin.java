package org.fusionexchange.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fusionexchange.stack.KeycloakServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What an administrator does in the Keycloak console, through the admin REST API as the bootstrap admin. */
final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final KeycloakServer keycloak;

    KeycloakAdmin(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    Optional<JsonNode> group(String path) {
        HttpResponse<String> response = send("GET", "/group-by-path/" + path, null);
        return response.statusCode() == 200 ? Optional.of(read(response.body())) : Optional.empty();
    }

    /**
     * Creates an enabled user with password "demo" in the given group, holding the given realm role, or none when
     * {@code role} is null.
     */
    void createUser(String username, String groupPath, String role) {
        Map<String, Object> user = Map.of("username", username, "enabled", true, "firstName", "New",
                "lastName", "Reporter", "email", username + "@example.org", "emailVerified", true,
                "groups", List.of(groupPath),
                "credentials", List.of(Map.of("type", "password", "value", "demo", "temporary", false)));
        HttpResponse<String> created = send("POST", "/users", user);
        if (created.statusCode() != 201) {
            throw new AssertionError("Creating " + username + " answered " + created.statusCode() + ": " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String userId = location.substring(location.lastIndexOf('/') + 1);
        if (role == null) {
            return;
        }
        JsonNode roleRep = read(send("GET", "/roles/" + role, null).body());
        HttpResponse<String> mapped = send("POST", "/users/" + userId + "/role-mappings/realm", List.of(roleRep));
        if (mapped.statusCode() != 204) {
            throw new AssertionError("Granting " + role + " answered " + mapped.statusCode() + ": " + mapped.body());
        }
    }

    /**
     * An agency group made by hand, as an administrator could in the Keycloak console, without the directory
     * knowing the agency: {@code /agencies/<code>} with the attribute agency_code.
     */
    void createAgencyGroupByHand(String code) {
        String parent = group("agencies").orElseThrow().path("id").asText();
        HttpResponse<String> created = send("POST", "/groups/" + parent + "/children",
                Map.of("name", code, "attributes", Map.of("agency_code", List.of(code))));
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new AssertionError("Creating group " + code + " answered " + created.statusCode() + ": "
                    + created.body());
        }
    }

    /**
     * A public client for password grants whose access tokens live only the given seconds, with the agency claim and
     * the audience fusion-exchange, so that only their expiry can refuse them.
     */
    void createShortLivedClient(String clientId, int tokenSeconds) {
        Map<String, Object> mapper = Map.of("name", "agency", "protocol", "openid-connect",
                "protocolMapper", "oidc-usermodel-attribute-mapper",
                "config", Map.of("user.attribute", "agency_code", "claim.name", "agency", "jsonType.label", "String",
                        "access.token.claim", "true", "id.token.claim", "true", "userinfo.token.claim", "true"));
        Map<String, Object> audience = Map.of("name", "fusion-exchange-audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.custom.audience", "fusion-exchange", "access.token.claim", "true"));
        Map<String, Object> client = Map.of("clientId", clientId, "publicClient", true, "enabled", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("access.token.lifespan", Integer.toString(tokenSeconds)),
                "protocolMappers", List.of(mapper, audience));
        HttpResponse<String> created = send("POST", "/clients", client);
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new AssertionError("Creating client " + clientId + " answered " + created.statusCode() + ": "
                    + created.body());
        }
    }

    /**
     * Sets how long the given client's access tokens live ({@code null}: the realm's default again), as an
     * administrator would on the client's Advanced tab.
     */
    void setAccessTokenLifespan(String clientId, Integer seconds) {
        HttpResponse<String> found = send("GET", "/clients?clientId=" + clientId, null);
        JsonNode client = read(found.body()).path(0);
        if (found.statusCode() != 200 || client.isMissingNode()) {
            throw new AssertionError("No client " + clientId + ": " + found.statusCode() + " " + found.body());
        }
        com.fasterxml.jackson.databind.node.ObjectNode changed = client.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode attributes = changed.path("attributes").isObject()
                ? (com.fasterxml.jackson.databind.node.ObjectNode) changed.get("attributes")
                : changed.putObject("attributes");
        attributes.put("access.token.lifespan", seconds == null ? "" : seconds.toString());
        HttpResponse<String> updated = send("PUT", "/clients/" + client.path("id").asText(), changed);
        if (updated.statusCode() != 204) {
            throw new AssertionError("Updating client " + clientId + " answered " + updated.statusCode() + ": "
                    + updated.body());
        }
    }

    /** Ends every session of the user, as "Sign out" on the user's Sessions tab: no refresh token of theirs works. */
    void logoutUser(String username) {
        HttpResponse<String> found = send("GET", "/users?exact=true&username=" + username, null);
        JsonNode user = read(found.body()).path(0);
        if (found.statusCode() != 200 || user.isMissingNode()) {
            throw new AssertionError("No user " + username + ": " + found.statusCode() + " " + found.body());
        }
        HttpResponse<String> out = send("POST", "/users/" + user.path("id").asText() + "/logout", null);
        if (out.statusCode() != 204) {
            throw new AssertionError("Logging out " + username + " answered " + out.statusCode() + ": " + out.body());
        }
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        String token = keycloak.token(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD), "master");
        try {
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
