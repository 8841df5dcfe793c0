package org.fusionexchange.intake;

import java.util.List;

import org.fusionexchange.intake.config.RequiredSettings;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts intake-service once the settings that production must provide are there (config/RequiredSettings). */
@QuarkusMain
public final class IntakeMain {

    static final List<String> REQUIRED = List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username",
            "quarkus.datasource.password", "kafka.bootstrap.servers", "quarkus.oidc.auth-server-url");

    private IntakeMain() {
    }

    public static void main(String... args) {
        RequiredSettings.requireOrExit("intake-service", REQUIRED);
        Quarkus.run(args);
    }
}
