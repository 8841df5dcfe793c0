package org.fusionexchange.directory.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The settings that have no default in the production profile, checked before Quarkus starts: a deployment that
 * forgot one stops at once, naming the environment variable to set, instead of waiting on a connection that cannot
 * exist or running with a value meant for a developer's machine. The local values live under {@code %dev} and
 * {@code %test}, and the local stack's launcher passes them by environment.
 */
public final class RequiredSettings {

    /** Exit status of a start refused for missing settings (EX_CONFIG of sysexits.h). */
    public static final int EXIT_MISSING_SETTINGS = 78;

    private RequiredSettings() {
    }

    /** The environment variable that sets a property, as SmallRye Config maps it. */
    public static String environmentVariable(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Of {@code properties}, those without a non-blank value in {@code config}, as environment variable names. */
    public static List<String> missing(Config config, List<String> properties) {
        return properties.stream()
                .filter(p -> config.getOptionalValue(p, String.class).filter(v -> !v.isBlank()).isEmpty())
                .map(RequiredSettings::environmentVariable)
                .toList();
    }

    /**
     * Exits the JVM when a packaged application (not dev mode or tests) lacks one of {@code properties} in its
     * active profile; reads the same sources as Quarkus does at run time.
     */
    public static void requireOrExit(String application, List<String> properties) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = missing(runtimeConfig(), properties);
        if (!missing.isEmpty()) {
            System.err.printf("%s cannot start: set the environment variable%s %s (see the README's"
                    + " configuration section)%n", application, missing.size() > 1 ? "s" : "", String.join(", ", missing));
            System.exit(EXIT_MISSING_SETTINGS);
        }
    }

    private static SmallRyeConfig runtimeConfig() {
        String profile = Optional.ofNullable(System.getProperty("quarkus.profile"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE"))).orElse("prod");
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withProfile(profile).addDefaultSources()
                .addDefaultInterceptors();
        try {
            var packaged = RequiredSettings.class.getClassLoader().getResource("application.properties");
            if (packaged != null) {
                builder.withSources(new PropertiesConfigSource(packaged, 250));
            }
            Path local = Path.of("config", "application.properties");
            if (Files.isRegularFile(local)) {
                builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), 260));
            }
            Path dotEnv = Path.of(".env");
            if (Files.isRegularFile(dotEnv)) {
                Properties variables = new Properties();
                try (var in = Files.newBufferedReader(dotEnv)) {
                    variables.load(in);
                }
                Map<String, String> byName = new HashMap<>();
                variables.stringPropertyNames().forEach(name -> byName.put(name, variables.getProperty(name)));
                builder.withSources(new EnvConfigSource(byName, 295));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the application's configuration", e);
        }
        return builder.build();
    }
}
