package org.fusionexchange.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default profile is the production profile: a packaged service started without the settings production must
 * give exits at once, non-zero, naming each environment variable to set, and holds no local default for them.
 */
class ProductionProfileIT {

    record Service(String name, List<String> required) {
    }

    static List<Service> services() {
        List<String> common = List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_OIDC_AUTH_SERVER_URL");
        List<String> directory = new ArrayList<>(common);
        directory.addAll(List.of("QUARKUS_KEYCLOAK_ADMIN_CLIENT_SERVER_URL",
                "QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET"));
        return List.of(new Service("directory-service", directory), new Service("intake-service", common),
                new Service("alert-service", common));
    }

    @ParameterizedTest
    @MethodSource("services")
    void withoutItsSettingsAServiceExitsAtOnceNamingEachVariable(Service service) throws Exception {
        Output output = run(service, Map.of());
        assertEquals(78, output.exit(), service.name() + " exit status; output:\n" + output.text());
        for (String variable : service.required()) {
            assertTrue(output.text().contains(variable), service.name() + " names " + variable + ":\n" + output.text());
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void withAllButOneSettingItNamesOnlyTheMissingOne(Service service) throws Exception {
        Map<String, String> env = new HashMap<>();
        service.required().forEach(v -> env.put(v, "set-by-the-test"));
        env.remove("QUARKUS_DATASOURCE_PASSWORD");
        Output output = run(service, env);
        assertEquals(78, output.exit(), output.text());
        assertTrue(output.text().contains("QUARKUS_DATASOURCE_PASSWORD"), output.text());
        assertFalse(output.text().contains("KAFKA_BOOTSTRAP_SERVERS"), output.text());
    }

    private record Output(int exit, String text) {
    }

    private static Output run(Service service, Map<String, String> settings) throws IOException, InterruptedException {
        Path project = Path.of(System.getProperty("fusion.project-dir", "../.."));
        Path jar = project.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "packaged " + jar);
        Path workDir = Files.createTempDirectory("production-profile");
        Path log = workDir.resolve("out.log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar.toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        env.putAll(settings);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(service.name() + " did not exit within 60 s:\n" + Files.readString(log));
        }
        return new Output(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
