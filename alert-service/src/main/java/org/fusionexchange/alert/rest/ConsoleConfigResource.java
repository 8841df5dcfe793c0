package org.fusionexchange.alert.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fusionexchange.alert.config.AlertConfig;

/**
 * What the web console needs before its user logs in: where Keycloak and the other two services are. Public, like
 * the console's files; it holds no secret (the console's client is public and uses PKCE).
 */
@Path("/console-config.json")
@ApplicationScoped
public class ConsoleConfigResource {

    /** The console's start-up settings; an empty service URL means the console's own origin. */
    public record ConsoleConfig(String keycloakUrl, String realm, String clientId, String intakeUrl,
            String directoryUrl, String alertUrl) {
    }

    private final ConsoleConfig config;

    public ConsoleConfigResource(AlertConfig alert,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl) {
        AlertConfig.Console console = alert.console();
        // the issuer is <keycloak>/realms/<realm>
        int at = authServerUrl.lastIndexOf("/realms/");
        String keycloak = at < 0 ? authServerUrl : authServerUrl.substring(0, at);
        String realm = at < 0 ? "" : authServerUrl.substring(at + "/realms/".length()).replaceAll("/+$", "");
        this.config = new ConsoleConfig(console.keycloakUrl().orElse(keycloak), console.realm().orElse(realm),
                console.clientId(), console.intakeUrl().map(ConsoleConfigResource::trimSlash).orElse(""),
                console.directoryUrl().map(ConsoleConfigResource::trimSlash).orElse(""), "");
    }

    /** The settings as the console receives them. */
    ConsoleConfig config() {
        return config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    // part of the console, like its files, not of the API for agencies' systems: not in the OpenAPI document
    @Operation(hidden = true, summary = "The web console's start-up settings",
            description = "Where the console logs its user in"
            + " (Keycloak, realm and public client) and where intake-service and directory-service are. Public.")
    public Response get() {
        CacheControl cache = new CacheControl();
        cache.setNoCache(true);
        return Response.ok(config).cacheControl(cache).build();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
