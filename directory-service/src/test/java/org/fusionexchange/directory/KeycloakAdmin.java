package org.fusionexchange.directory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KeycloakServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
        String body = "{\"username\":\"" + username + "\",\"enabled\":" + enabled + ",\"firstName\":\"Test\","
                + "\"lastName\":\"User\",\"email\":\"" + username + "@example.org\",\"emailVerified\":true,"
                + "\"groups\":[\"/agencies/" + code + "\"],\"realmRoles\":[\"analyst\"],"
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"demo\",\"temporary\":false}]}";
        HttpResponse<String> response = send("POST", realmUrl + "/users", body);
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("Cannot create user " + username + ": " + response.body());
        }
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
