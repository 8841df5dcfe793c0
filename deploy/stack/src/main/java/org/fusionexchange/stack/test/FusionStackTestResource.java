package org.fusionexchange.stack.test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fusionexchange.stack.FusionStack;
import org.fusionexchange.stack.KafkaBroker;
import org.fusionexchange.stack.KeycloakServer;
import org.fusionexchange.stack.Ports;
import org.fusionexchange.stack.PostgresServer;
import org.fusionexchange.stack.test.openapi.OpenApiContract;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;

/**
 * Starts the real components a service's tests need, on free ports and in the module's own state directory, and
 * points the Quarkus application under test at them. Arguments: {@code database} (the service's database, which
 * also starts PostgreSQL), {@code kafka} and {@code keycloak} ("true" to start them), and {@code kafka-principal},
 * the principal the application authenticates as to Kafka (default: the service of the database, e.g.
 * intake-service), so that its tests run with exactly the ACLs it has in the local stack. Tests' own clients use
 * {@code KafkaBroker.adminProperties()}.
 *
 * <p>It also checks every REST Assured exchange of the tests against the service's served OpenAPI document
 * ({@link OpenApiContract}).
 *
 * <p>The state directory comes from the system property {@code fusion.stack.state-dir} and Keycloak's home from
 * {@code fusion.stack.keycloak-home}; the parent POM sets both for Surefire.
 */
public class FusionStackTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;
    private boolean kafka;
    private boolean keycloak;
    private String kafkaPrincipal;
    private FusionStack stack;

    @Override
    public void init(Map<String, String> args) {
        database = args.get("database");
        kafka = Boolean.parseBoolean(args.getOrDefault("kafka", "false"));
        keycloak = Boolean.parseBoolean(args.getOrDefault("keycloak", "false"));
        kafkaPrincipal = args.getOrDefault("kafka-principal", database == null ? null : database + "-service");
        if (kafka && kafkaPrincipal == null) {
            throw new IllegalArgumentException("Set kafka-principal, the principal the application uses with Kafka");
        }
    }

    @Override
    public Map<String, String> start() {
        installContractCheck();
        Path stateDir = Path.of(System.getProperty("fusion.stack.state-dir", "target/stack"));
        FusionStack.Builder builder = FusionStack.builder(stateDir.resolve("run-" + System.currentTimeMillis()));
        if (database != null) {
            builder.postgres(Ports.free(), List.of(database));
        }
        if (kafka) {
            builder.kafka(Ports.free(), Ports.free());
        }
        if (keycloak) {
            Path home = Path.of(System.getProperty("fusion.stack.keycloak-home", stateDir.resolve("keycloak").toString()));
            builder.keycloak(home, Ports.free(), Ports.free());
        }
        stack = builder.build().start();

        Map<String, String> config = new HashMap<>();
        stack.postgres().ifPresent(pg -> config.putAll(datasource(pg)));
        stack.kafka().ifPresent(k -> {
            config.put("kafka.bootstrap.servers", k.bootstrapServers());
            k.securityProperties(kafkaPrincipal).forEach((key, value) -> config.put("kafka." + key, value));
        });
        stack.keycloak().ifPresent(kc -> {
            config.put("quarkus.oidc.auth-server-url", kc.issuer());
            config.put("quarkus.keycloak.admin-client.server-url", kc.baseUrl());
        });
        return config;
    }

    /**
     * Every REST Assured exchange of the tests is checked against the document the service serves (issue 18): see
     * {@link OpenApiContract}.
     */
    private static void installContractCheck() {
        if (Boolean.getBoolean(OpenApiContract.SKIP_PROPERTY)) {
            return;
        }
        if (!RestAssured.filters().contains(OpenApiContract.filter())) {
            RestAssured.filters(OpenApiContract.filter());
        }
    }

    private Map<String, String> datasource(PostgresServer pg) {
        return Map.of("quarkus.datasource.jdbc.url", pg.jdbcUrl(database),
                "quarkus.datasource.username", pg.username(),
                "quarkus.datasource.password", pg.password());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack,
                new TestInjector.AnnotatedAndMatchesType(InjectFusionStack.class, FusionStack.class));
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** For tests that only need to know which topics exist. */
    public static List<String> topicNames() {
        return Arrays.stream(KafkaBroker.TOPICS.toArray(KafkaBroker.Topic[]::new)).map(KafkaBroker.Topic::name).toList();
    }

    /** The realm's name, for tests that build URLs. */
    public static String realm() {
        return KeycloakServer.REALM;
    }
}
