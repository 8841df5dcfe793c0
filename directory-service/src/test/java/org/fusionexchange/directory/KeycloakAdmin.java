package org.fusionexchange.directory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Looks into the real Keycloak through its admin REST API, as the bootstrap administrator of the master realm:
 * what the tests assert the directory-service provisioned.
 */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String baseUrl;
    private final String realmUrl;

    public KeycloakAdmin(FusionStack stack) {
        this.baseUrl = stack.keycloak().orElseThrow().baseUrl();
        this.realmUrl = baseUrl + "/admin/realms/" + KeycloakServer.REALM;
    }

    /** The group /agencies/CODE, if it exists. */
    public Optional<JsonNode> agencyGroup(String code) {
        HttpResponse<String> response = send("GET", realmUrl + "/group-by-path/agencies/" + code, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(expect(response, 200)));
    }

    public void deleteGroup(String id) {
        expect(send("DELETE", realmUrl + "/groups/" + id, null), 204);
    }

    public JsonNode user(String username) {
        JsonNode users = read(expect(send("GET", realmUrl + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), null), 200));
        if (users.isEmpty()) {
            throw new IllegalStateException("No Keycloak user " + username);
        }
        return users.get(0);
    }

    /** Creates a user with password demo in the agency's group, enabled or not. */
    public void createUser(String username, String code, boolean enabled) {
        createUserIn(username, "agencies/" + code, enabled, "analyst");
    }

    /**
     * Creates a user with password demo in the group at {@code groupPath} (e.g. agencies/CODE/analysts), enabled or
     * not, holding the realm role given: what an administrator does by hand in the admin console.
     */
    public void createUserIn(String username, String groupPath, boolean enabled, String realmRole) {
        String body = "{\"username\":\"" + username + "\",\"enabled\":" + enabled + ",\"firstName\":\"Test\","
                + "\"lastName\":\"User\",\"email\":\"" + username + "@example.org\",\"emailVerified\":true,"
                + "\"groups\":[\"/" + groupPath + "\"],"
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"demo\",\"temporary\":false}]}";
        HttpResponse<String> response = send("POST", realmUrl + "/users", body);
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("Cannot create user " + username + ": " + response.body());
        }
        // the admin API ignores realmRoles in a new user's body: roles are mapped separately
        JsonNode role = read(expect(send("GET", realmUrl + "/roles/" + realmRole, null), 200));
        expect(send("POST", realmUrl + "/users/" + user(username).path("id").asText() + "/role-mappings/realm",
                "[" + role + "]"), 204);
    }

    /** Creates the group {@code name} under the group at {@code parentPath}, with the attributes given; its id. */
    public String createGroup(String parentPath, String name, Map<String, String> attributes) {
        String parentId = groupId(parentPath);
        ObjectNode body = JSON.createObjectNode().put("name", name);
        ObjectNode values = body.putObject("attributes");
        attributes.forEach((key, value) -> values.putArray(key).add(value));
        HttpResponse<String> response = send("POST", realmUrl + "/groups/" + parentId + "/children", body.toString());
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("Cannot create group " + parentPath + "/" + name + ": " + response.body());
        }
        return groupId(parentPath + "/" + name);
    }

    private String groupId(String path) {
        return read(expect(send("GET", realmUrl + "/group-by-path/" + path, null), 200)).path("id").asText();
    }

    /** Takes the user out of the group at {@code groupPath}, as an administrator moving it elsewhere. */
    public void removeFromGroup(String username, String groupPath) {
        String userId = user(username).path("id").asText();
        expect(send("DELETE", realmUrl + "/users/" + userId + "/groups/" + groupId(groupPath), null), 204);
    }

    /** Enables or disables the user, as an administrator does in the admin console. */
    public void setEnabled(String username, boolean enabled) {
        ObjectNode user = (ObjectNode) user(username);
        user.put("enabled", enabled);
        expect(send("PUT", realmUrl + "/users/" + user.path("id").asText(), user.toString()), 204);
    }

    private String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=" + KeycloakServer.ADMIN_USER + "&password="
                + KeycloakServer.ADMIN_PASSWORD;
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return read(expect(exchange(request), 200)).get("access_token").asText();
    }

    private HttpResponse<String> send(String method, String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + adminToken())
                .timeout(Duration.ofSeconds(10));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return exchange(request.build());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }
}
