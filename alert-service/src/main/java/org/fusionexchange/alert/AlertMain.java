package org.fusionexchange.alert;

import java.util.List;

import org.fusionexchange.alert.config.RequiredSettings;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts alert-service once the settings that production must provide are there (config/RequiredSettings). */
@QuarkusMain
public final class AlertMain {

    static final List<String> REQUIRED = List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username",
            "quarkus.datasource.password", "kafka.bootstrap.servers", "quarkus.oidc.auth-server-url");

    private AlertMain() {
    }

    public static void main(String... args) {
        RequiredSettings.requireOrExit("alert-service", REQUIRED);
        Quarkus.run(args);
    }
}
