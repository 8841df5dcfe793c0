package org.fusionexchange.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local run behind deploy/local/run.sh: the whole system on its fixed ports until Ctrl-C.
 *
 * <p>Usage: {@code LocalStack <project-dir> <state-dir>}. PostgreSQL is embedded unless FUSION_PG_HOST names an
 * existing server.
 */
public final class LocalStack {

    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    public static final int POSTGRES_PORT = 55432;
    public static final int KEYCLOAK_PORT = 8180;
    public static final int KEYCLOAK_MANAGEMENT_PORT = 9000;

    public static final List<FusionStack.Service> SERVICES = List.of(
            // the local run loads the demo agencies of DOMAIN.md (never part of the migrations)
            new FusionStack.Service("directory-service", 8081, "directory",
                    Map.of("DIRECTORY_DEMO_DATA_ENABLED", "true")),
            new FusionStack.Service("intake-service", 8082, "intake"),
            new FusionStack.Service("alert-service", 8083, "alert"));

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: LocalStack <project-dir> <state-dir>");
            System.exit(2);
        }
        Path projectDir = Path.of(args[0]).toAbsolutePath().normalize();
        Path stateDir = Path.of(args[1]).toAbsolutePath().normalize();
        FusionStack stack = FusionStack.builder(stateDir)
                .postgres(POSTGRES_PORT, SERVICES.stream().map(FusionStack.Service::database).toList())
                .kafka(KAFKA_PORT, KAFKA_CONTROLLER_PORT)
                .keycloak(stateDir.resolve("keycloak"), KEYCLOAK_PORT, KEYCLOAK_MANAGEMENT_PORT)
                .services(projectDir, SERVICES)
                .build();
        // printed directly: java.util.logging drops its handlers early in the JVM's shutdown
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Fusion Exchange ...");
            stack.close();
            System.out.println("Stopped. State and logs are kept in " + stateDir);
        }, "local-stack-shutdown"));
        try {
            stack.start();
        } catch (StackException e) {
            System.err.println("\nThe stack did not start: " + e.getMessage());
            System.err.println("Logs are in " + stateDir.resolve("logs"));
            System.exit(1);
        }
        System.out.println(readyMessage(stack));
        new CountDownLatch(1).await();
    }

    static String readyMessage(FusionStack stack) {
        KeycloakServer keycloak = stack.keycloak().orElseThrow();
        StringBuilder out = new StringBuilder("""

                ================================================================
                 Fusion Exchange is ready. Press Ctrl-C to stop everything.
                ================================================================
                """);
        for (ServiceProcess service : stack.services()) {
            out.append(String.format(" %-18s %s/api  (health %s/q/health, OpenAPI %s/q/swagger-ui)%n",
                    service.name(), service.baseUrl(), service.baseUrl(), service.baseUrl()));
        }
        out.append(String.format(" %-18s %s  (console user %s / %s, realm %s)%n", "keycloak", keycloak.baseUrl(),
                KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD, KeycloakServer.REALM));
        KafkaBroker kafka = stack.kafka().orElseThrow();
        out.append(String.format(" %-18s %s  (SASL %s, superuser %s / %s)%n", "kafka", kafka.bootstrapServers(),
                KafkaBroker.SASL_MECHANISM, KafkaBroker.ADMIN_USER, KafkaBroker.ADMIN_PASSWORD));
        out.append(String.format(" %-18s --command-config %s%n", "  Kafka's tools", kafka.adminClientConfig()));
        PostgresServer pg = stack.postgres().orElseThrow();
        out.append(String.format(" %-18s %s:%d  (databases directory, intake, alert; user %s)%n", "postgresql",
                pg.host(), pg.port(), pg.username()));
        out.append(String.format(" %-18s %s%n%n", "state and logs", stack.stateDir()));
        out.append("""
                 Demo identities (password "demo", client fusion-cli):
                   tampa.reporter    TAMPA-PD      reporter     phoenix.reporter  PHOENIX-PD    reporter
                   hcso.analyst      HCSO          analyst      fl.analyst        FL-FUSION     analyst
                   az.analyst        AZ-DPS        analyst      tucson.analyst    TUCSON-PD     analyst
                   dea.analyst       DEA           analyst      pcso.analyst      PCSO          analyst
                   tampabay.analyst  TAMPA-BAY-TF  analyst      tampa.analyst     TAMPA-PD      analyst
                   phoenix.analyst   PHOENIX-PD    analyst      directory.admin   FL-FUSION     admin
                 Service account: client tampa-pd-rms, secret demo-secret (TAMPA-PD, reporter)

                 Try it:
                   TOKEN=$(curl -s -d grant_type=password -d client_id=fusion-cli \\
                     -d username=tampa.reporter -d password=demo \\
                     %s/protocol/openid-connect/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                   curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8082/api/v1/reports
                """.formatted(keycloak.issuer()));
        return out.toString();
    }
}
