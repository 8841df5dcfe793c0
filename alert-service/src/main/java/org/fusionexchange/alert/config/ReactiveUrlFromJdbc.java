package org.fusionexchange.alert.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * One database setting for both of its clients: the reactive client's URL ({@code quarkus.datasource.reactive.url},
 * which the alert list reads through) is derived from the JDBC URL, {@code jdbc:postgresql://host:port/db?...}
 * giving {@code postgresql://host:port/db}. The JDBC URL's parameters are the JDBC driver's and are not carried over;
 * a deployment that needs the reactive client's own (TLS, say) sets {@code QUARKUS_DATASOURCE_REACTIVE_URL}, which
 * wins over this source's low ordinal.
 */
public class ReactiveUrlFromJdbc implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    /** Below application.properties (250) and the environment (300): an explicit reactive URL wins. */
    static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue jdbc = context.getValue(JDBC_URL);
        String reactive = jdbc == null ? null : reactiveUrl(jdbc.getValue());
        if (reactive == null) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(REACTIVE_URL, reactive), "reactive URL from the JDBC URL",
                ORDINAL));
    }

    /** After the sources it reads from. */
    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The reactive client's URL of a PostgreSQL JDBC URL, without its parameters; null for any other value. */
    static String reactiveUrl(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(JDBC_PREFIX)) {
            return null;
        }
        String url = jdbcUrl.substring("jdbc:".length());
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters);
    }
}
