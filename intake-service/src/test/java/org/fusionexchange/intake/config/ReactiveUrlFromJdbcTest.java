package org.fusionexchange.intake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The reactive client's URL follows the JDBC URL, unless a deployment sets its own. */
class ReactiveUrlFromJdbcTest {

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 250))
                .withSources(new ReactiveUrlFromJdbc()).build();
    }

    @Test
    void theJdbcUrlGivesTheReactiveUrlWithoutTheDriversParameters() {
        assertEquals("postgresql://db.internal:5432/intake", ReactiveUrlFromJdbc.reactiveUrl(
                "jdbc:postgresql://db.internal:5432/intake"));
        assertEquals("postgresql://127.0.0.1:55432/intake", ReactiveUrlFromJdbc.reactiveUrl(
                "jdbc:postgresql://127.0.0.1:55432/intake?reWriteBatchedInserts=true&ssl=false"));
    }

    @Test
    void anythingButAPostgresqlJdbcUrlWithAHostGivesNone() {
        assertNull(ReactiveUrlFromJdbc.reactiveUrl(null));
        assertNull(ReactiveUrlFromJdbc.reactiveUrl("jdbc:postgresql:intake"));
        assertNull(ReactiveUrlFromJdbc.reactiveUrl("jdbc:h2:mem:intake"));
    }

    @Test
    void theConfigurationCarriesTheDerivedUrl() {
        assertEquals("postgresql://db:5432/intake", config(Map.of(ReactiveUrlFromJdbc.JDBC_URL,
                "jdbc:postgresql://db:5432/intake")).getRawValue(ReactiveUrlFromJdbc.REACTIVE_URL));
    }

    @Test
    void aReactiveUrlSetExplicitlyWins() {
        assertEquals("postgresql://replica:5432/intake?sslmode=require", config(Map.of(
                ReactiveUrlFromJdbc.JDBC_URL, "jdbc:postgresql://db:5432/intake",
                ReactiveUrlFromJdbc.REACTIVE_URL, "postgresql://replica:5432/intake?sslmode=require"))
                .getRawValue(ReactiveUrlFromJdbc.REACTIVE_URL));
    }

    @Test
    void withoutAJdbcUrlNoReactiveUrlIsMadeUp() {
        assertNull(config(Map.of()).getRawValue(ReactiveUrlFromJdbc.REACTIVE_URL));
    }
}
