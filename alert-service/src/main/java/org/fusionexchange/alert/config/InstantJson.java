package org.fusionexchange.alert.config;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Reads JSON instants in the one form this exchange writes them ({@code 2026-12-06T12:00:00.123Z}: four-digit year,
 * {@code T}, zero to nine fraction digits, {@code Z}) by hand, and gives every other text, number or annotated
 * property to jackson-datatype-jsr310's own reader, so that what is read, and what is refused and how, stay Jackson's.
 *
 * <p>Why: on Java 17, Jackson's reader goes through {@code DateTimeFormatter.ISO_INSTANT}, whose parser builds a new
 * formatter for every text it reads and converts the fraction through {@code BigDecimal}. Every alert and every
 * case-reports event holds two instants, read once by routing and again by the projection and the live feed: in a
 * profile of the whole-pipeline stage (deploy/bench/README.md, session 32) that was 36% of alert-service's sampled
 * allocation.
 *
 * <p>It writes them by arithmetic ({@link IsoInstant}) as jackson-datatype-jsr310 writes them when dates are not
 * timestamps, Quarkus's default ({@link Instant#toString()}); a property with a format of its own, and a mapper that
 * writes dates as timestamps, get Jackson's own writer. Jackson's goes through {@code DateTimeFormatter.ISO_INSTANT},
 * which builds a date-time, a print context and a string builder for each instant, and routing writes two in every
 * alert (deploy/bench/README.md, session 43).
 */
@Singleton
public class InstantJson implements ObjectMapperCustomizer {

    /** The shortest form read by hand, {@code 2026-12-06T12:00:00Z}, and the longest, with nine fraction digits. */
    static final int SHORTEST = 20;
    static final int LONGEST = 30;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    /**
     * Last, after Quarkus has registered jackson-datatype-jsr310's module: of two modules' readers or writers for a
     * type, Jackson takes the one registered last.
     */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    /** The module, for a mapper made apart from the service's. */
    public static Module module() {
        return new SimpleModule("fusion-instants").addDeserializer(Instant.class, new Reader())
                .addSerializer(Instant.class, new Writer());
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

    /** The instant, read by hand where the text has the exchange's form, otherwise by Jackson's reader. */
    static final class Reader extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

        private static final long serialVersionUID = 1L;

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant read = parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (read != null) {
                    return read;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, context);
        }

        /** A property with its own format (an annotation, a configured override) is Jackson's to read. */
        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> jackson = InstantDeserializer.INSTANT.createContextual(context, property);
            return jackson == InstantDeserializer.INSTANT ? this : jackson;
        }
    }

    /**
     * The instant written in {@code text[offset, offset + length)} as {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with one to nine
     * fraction digits, or null when the text has any other form, or names no valid date and time in it (24:00, a leap
     * second, the 30th of February): the JDK's parser decides those.
     */
    static Instant parse(char[] text, int offset, int length) {
        if (length != SHORTEST && (length < SHORTEST + 2 || length > LONGEST)) {
            return null;
        }
        int end = offset + length;
        int year = number(text, offset, 4);
        int month = number(text, offset + 5, 2);
        int day = number(text, offset + 8, 2);
        int hour = number(text, offset + 11, 2);
        int minute = number(text, offset + 14, 2);
        int second = number(text, offset + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || text[offset + 4] != '-' || text[offset + 7] != '-'
                || text[offset + 10] != 'T' || text[offset + 13] != ':' || text[offset + 16] != ':'
                || text[end - 1] != 'Z') {
            return null;
        }
        int nanos = 0;
        if (length > SHORTEST) {
            int digits = length - SHORTEST - 1;
            int fraction = number(text, offset + 20, digits);
            if (text[offset + 19] != '.' || fraction < 0) {
                return null;
            }
            nanos = fraction * TENS[9 - digits];
        }
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year)) || hour > 23
                || minute > 59 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static final int[] TENS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

    /** The {@code digits} decimal digits at {@code at} as a number, or -1 if one of them is not a digit. */
    private static int number(char[] text, int at, int digits) {
        int value = 0;
        for (int i = at; i < at + digits; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
