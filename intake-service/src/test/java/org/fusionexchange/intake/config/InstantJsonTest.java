package org.fusionexchange.intake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Instants written by arithmetic are what jackson-datatype-jsr310 writes, in every form it can be asked for. */
class InstantJsonTest {

    record Times(Instant at, List<Instant> more, Instant none) {
    }

    record Formatted(@JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd HH:mm",
            timezone = "UTC") Instant at, @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant epoch, Instant plain) {
    }

    private static ObjectMapper jackson() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static ObjectMapper ours() {
        ObjectMapper mapper = jackson();
        new InstantJson().customize(mapper); // after jsr310's module, as its priority has Quarkus do
        return mapper;
    }

    @Test
    void everyPrecisionIsWrittenAsJacksonWritesIt() throws Exception {
        ObjectMapper jackson = jackson();
        ObjectMapper ours = ours();
        assertInstanceOf(InstantJson.Writer.class,
                ours.getSerializerProviderInstance().findValueSerializer(Instant.class), "ours, not jsr310's");
        Random random = new Random(38);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-12-07T07:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("1969-12-31T23:59:59.000000001Z"), Instant.parse("2026-02-28T23:59:59.100Z"),
                Instant.parse("2024-02-29T12:00:00.000010Z"),
                // outside four-digit years: the JDK's text
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN,
                Instant.MAX));
        for (int i = 0; i < 2_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            instants.add(instant);
            instants.add(instant.truncatedTo(ChronoUnit.MICROS));
            instants.add(instant.truncatedTo(ChronoUnit.MILLIS));
            instants.add(instant.truncatedTo(ChronoUnit.SECONDS));
        }
        for (Instant instant : instants) {
            assertEquals(jackson.writeValueAsString(instant), ours.writeValueAsString(instant), instant.toString());
            assertEquals("\"" + instant + "\"", ours.writeValueAsString(instant));
        }
        Times times = new Times(instants.get(1), instants.subList(0, 40), null);
        assertEquals(jackson.writeValueAsString(times), ours.writeValueAsString(times));
        assertEquals(new String(jackson.writeValueAsBytes(times)), new String(ours.writeValueAsBytes(times)),
                "through the UTF-8 generator too");
    }

    @Test
    void aPropertyWithItsOwnFormatIsJacksons() throws Exception {
        Instant at = Instant.parse("2026-12-07T07:15:30.123456Z");
        Formatted formatted = new Formatted(at, at, at);
        String written = ours().writeValueAsString(formatted);
        assertEquals(jackson().writeValueAsString(formatted), written);
        assertEquals("{\"at\":\"2026-12-07 07:15\",\"epoch\":1796627730.123456000,\"plain\":\"" + at + "\"}",
                written);
    }

    @Test
    void aMapperThatWritesDatesAsTimestampsGetsJacksonsNumbers() throws Exception {
        ObjectMapper jackson = jackson().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper ours = ours().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Times times = new Times(Instant.parse("2026-12-07T07:15:30.5Z"), List.of(Instant.EPOCH), null);
        assertEquals(jackson.writeValueAsString(times), ours.writeValueAsString(times));
        assertNotEquals(jackson().writeValueAsString(times), ours.writeValueAsString(times));
        assertEquals(jackson.writer().without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(times),
                ours.writer().without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(times));
    }

    @Test
    void aPlainPropertyIsWrittenByTheExchangesWriterAndOneWithAFormatByJacksons() throws Exception {
        ObjectMapper ours = ours();
        Instant at = Instant.parse("2026-12-07T22:00:00.5Z");
        ours.writeValueAsString(new Formatted(at, at, at));
        assertInstanceOf(InstantJson.Writer.class, propertySerializer(ours, Formatted.class, "plain"));
        assertFalse(propertySerializer(ours, Formatted.class, "at") instanceof InstantJson.Writer);
        assertFalse(propertySerializer(ours, Formatted.class, "epoch") instanceof InstantJson.Writer);
    }

    private static JsonSerializer<?> propertySerializer(ObjectMapper mapper, Class<?> type, String name)
            throws Exception {
        BeanSerializer bean = (BeanSerializer) mapper.getSerializerProviderInstance().findValueSerializer(type);
        for (var properties = bean.properties(); properties.hasNext();) {
            BeanPropertyWriter property = (BeanPropertyWriter) properties.next();
            if (property.getName().equals(name)) {
                return property.getSerializer();
            }
        }
        throw new AssertionError("no property " + name);
    }
}
