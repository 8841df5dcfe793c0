package org.fusionexchange.directory.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class RequiredSettingsTest {

    private static final List<String> REQUIRED = List.of("quarkus.datasource.jdbc.url", "kafka.bootstrap.servers");

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    @Test
    void aMissingSettingIsNamedByItsEnvironmentVariable() {
        assertEquals(List.of("QUARKUS_DATASOURCE_JDBC_URL"),
                RequiredSettings.missing(config(Map.of("kafka.bootstrap.servers", "broker:9092")), REQUIRED));
    }

    @Test
    void aBlankSettingCountsAsMissing() {
        assertEquals(List.of("QUARKUS_DATASOURCE_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS"), RequiredSettings.missing(
                config(Map.of("quarkus.datasource.jdbc.url", " ", "kafka.bootstrap.servers", "")), REQUIRED));
    }

    @Test
    void nothingIsMissingWhenEverySettingHasAValue() {
        assertEquals(List.of(), RequiredSettings.missing(config(Map.of("quarkus.datasource.jdbc.url",
                "jdbc:postgresql://db/x", "kafka.bootstrap.servers", "broker:9092")), REQUIRED));
    }

    @Test
    void environmentVariableNamesFollowSmallRyeConfig() {
        assertEquals("QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET",
                RequiredSettings.environmentVariable("quarkus.keycloak.admin-client.client-secret"));
    }
}
