package org.fusionexchange.alert.rest;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * The web console's pages may load code only from this service and talk only to this service, Keycloak and the two
 * other services (Content-Security-Policy): markup that slipped into an alert could neither run a script nor send
 * what it read anywhere else. Nor may another site frame the console. Swagger UI (/q) and the API keep their own
 * headers.
 */
@ApplicationScoped
public class ConsoleSecurityHeaders {

    private final String policy;

    public ConsoleSecurityHeaders(ConsoleConfigResource console) {
        ConsoleConfigResource.ConsoleConfig config = console.config();
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        for (String url : new String[] { config.keycloakUrl(), config.intakeUrl(), config.directoryUrl() }) {
            String origin = origin(url);
            if (!origin.isEmpty()) {
                connect.add(origin);
            }
        }
        this.policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                + " connect-src " + String.join(" ", connect) + "; frame-src " + String.join(" ", connect)
                + "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (!path.startsWith("/q/") && !path.startsWith("/api/")) {
                rc.response().putHeader("Content-Security-Policy", policy);
                rc.response().putHeader("X-Content-Type-Options", "nosniff");
                rc.response().putHeader("Referrer-Policy", "no-referrer");
            }
            rc.next();
        }, 10);
    }

    /** The scheme, host and port of a URL, or "" for none (the console's own origin, already 'self'). */
    static String origin(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
