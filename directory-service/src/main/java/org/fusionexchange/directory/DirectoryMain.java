package org.fusionexchange.directory;

import java.util.List;

import org.fusionexchange.directory.config.RequiredSettings;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts directory-service once the settings that production must provide are there (config/RequiredSettings). */
@QuarkusMain
public final class DirectoryMain {

    static final List<String> REQUIRED = List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username",
            "quarkus.datasource.password", "kafka.bootstrap.servers", "quarkus.oidc.auth-server-url",
            "quarkus.keycloak.admin-client.server-url", "quarkus.keycloak.admin-client.client-secret");

    private DirectoryMain() {
    }

    public static void main(String... args) {
        RequiredSettings.requireOrExit("directory-service", REQUIRED);
        Quarkus.run(args);
    }
}
