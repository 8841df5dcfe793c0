package org.fusionexchange.intake;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.fusionexchange.stack.Ports;
import org.fusionexchange.stack.test.FusionStackTestResource;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A restart while Kafka is down: PostgreSQL and Keycloak run, no broker does, and {@code kafka.bootstrap.servers}
 * names a port nothing listens on. The database is as an earlier run left it: migrated, with the directory view
 * that run persisted (init argument {@code view}: {@code CODE:STATUS:VERSION,...}; empty for none).
 */
public class KafkaDownStack extends FusionStackTestResource {

    private String view;

    @Override
    public void init(Map<String, String> args) {
        super.init(Map.of("database", "intake", "keycloak", "true"));
        view = args.getOrDefault("view", "");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String url = config.get("quarkus.datasource.jdbc.url");
        String user = config.get("quarkus.datasource.username");
        String password = config.get("quarkus.datasource.password");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        try (Connection db = DriverManager.getConnection(url, user, password);
                PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO directory_agency (code, status, version, updated_at) VALUES (?, ?, ?, now())")) {
            for (String agency : view.isBlank() ? List.<String>of() : List.of(view.split(","))) {
                String[] fields = agency.split(":");
                insert.setString(1, fields[0]);
                insert.setString(2, fields[1]);
                insert.setLong(3, Long.parseLong(fields[2]));
                insert.executeUpdate();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not prepare the persisted directory view", e);
        }
        config.put("kafka.bootstrap.servers", "127.0.0.1:" + Ports.free());
        config.put("intake.directory.kafka-wait", "2s");
        return config;
    }

    /** Restarted with a persisted view: TAMPA-PD active (v5), PHOENIX-PD suspended (v7). */
    public static class WithPersistedView implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaDownStack.class,
                    Map.of("view", "TAMPA-PD:ACTIVE:5,PHOENIX-PD:SUSPENDED:7")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** Restarted with no view at all: a first start while Kafka is down. */
    public static class WithoutView implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaDownStack.class, Map.of("view", "")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }
}
