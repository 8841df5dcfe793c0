package org.fusionexchange.intake.config;

import java.io.IOException;
import java.time.Instant;

import jakarta.inject.Singleton;

import org.fusionexchange.intake.domain.IsoInstant;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Writes JSON instants as jackson-datatype-jsr310 writes them when dates are not timestamps, which is Quarkus's
 * default ({@code 2026-12-06T12:00:00.123Z}, {@link Instant#toString()}), by arithmetic ({@link IsoInstant}). A
 * property with a format of its own, and a mapper that writes dates as timestamps, get Jackson's own writer.
 *
 * <p>Why: Jackson's writer goes through {@code DateTimeFormatter.ISO_INSTANT}, which builds a date-time, a print
 * context and a string builder for each instant. A new report's instants are written in its stored body and again in
 * its event: 5.5% of intake-service's CPU in batches (deploy/bench/README.md, session 38). Reading them by hand is
 * {@code domain/InstantText}. alert-service's {@code config/InstantJson} registers its instant reader the same way:
 * the services share no code.
 */
@Singleton
public class InstantJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    /**
     * Last, after Quarkus has registered jackson-datatype-jsr310's module: of two modules' writers for a type, Jackson
     * takes the one registered last.
     */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    /** The module, for a mapper made apart from the service's. */
    public static Module module() {
        return new SimpleModule("fusion-instants").addSerializer(Instant.class, new Writer());
    }

    /** The instant as text by arithmetic, or by Jackson's writer where it would write something else. */
    static final class Writer extends StdScalarSerializer<Instant> implements ContextualSerializer {

        private static final long serialVersionUID = 1L;

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, generator, provider);
                return;
            }
            char[] text = new char[IsoInstant.MAX_LENGTH];
            int length = IsoInstant.format(value, text);
            if (length < 0) {
                generator.writeString(value.toString());
            } else {
                generator.writeString(text, 0, length);
            }
        }

        /**
         * A property with its own format (an annotation, a configured override) is Jackson's to write; any other is
         * this writer's. Jackson's own contextual writer cannot tell: it makes a new instance for every property,
         * with or without a format, so asking it whether it changed sent every property to it.
         */
        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            JsonFormat.Value format = findFormatOverrides(provider, property, handledType());
            if (format == null || format.equals(JsonFormat.Value.empty())) {
                return this;
            }
            return InstantSerializer.INSTANCE.createContextual(provider, property);
        }
    }
}
