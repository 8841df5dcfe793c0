package org.fusionexchange.alert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

/**
 * Instants read by hand are the instants the JDK reads from the same text, and everything else is read, or refused,
 * exactly as jackson-datatype-jsr310 alone does. Instants written by arithmetic are what jackson-datatype-jsr310
 * writes, in every form it can be asked for.
 */
class InstantJsonTest {

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final ObjectMapper ours = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(InstantJson.module());
    private final ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void theExchangesFormIsReadAsTheJdkReadsItInEveryYearAndWithEveryNumberOfFractionDigits() {
        Random random = new Random(32);
        List<String> texts = new ArrayList<>(List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2024-02-29T23:59:59.5Z",
                "2000-02-29T00:00:00Z", "2026-12-06T07:00:00.000000001Z", "2026-12-06T07:00:00.100000000Z"));
        for (int i = 0; i < 100_000; i++) {
            texts.add(text(random));
        }
        for (String text : texts) {
            Instant jdk = DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
            assertEquals(jdk, InstantJson.parse(text.toCharArray(), 0, text.length()), text);
            char[] inside = ("[\"" + text + "\"]").toCharArray();
            assertEquals(jdk, InstantJson.parse(inside, 2, text.length()), "at an offset: " + text);
        }
    }

    @Test
    void everyOtherFormIsLeftToTheJdk() {
        for (String text : List.of("2026-12-06T07:00:00+01:00", "2026-12-06T07:00:00.5+00:00", "2026-12-06t07:00:00Z",
                "2026-12-06T07:00:00z", " 2026-12-06T07:00:00Z", "2026-12-06T07:00:00.Z",
                "2026-12-06T07:00:00.1234567890Z", "+10000-01-01T00:00:00Z", "2026-12-06T07:00Z", "2026-12-06",
                "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z",
                "2026-12-00T00:00:00Z", "2026-12-06T24:00:00Z", "2026-12-06T23:60:00Z", "2026-12-31T23:59:60Z",
                "2026-12-06T07:00:0aZ", "2026/12/06T07:00:00Z", "2026-12-06 07:00:00Z", "1764998400", "")) {
            assertNull(InstantJson.parse(text.toCharArray(), 0, text.length()), text);
        }
    }

    @Test
    void throughAMapperEveryValueIsReadOrRefusedAsJacksonAloneDoes() throws Exception {
        List<String> values = new ArrayList<>();
        for (String text : List.of("2026-12-06T07:00:00Z", "2026-12-06T07:00:00.123456Z", "2026-12-06T07:00:00+01:00",
                " 2026-12-06T07:00:00Z ", "2026-12-06T24:00:00Z", "2026-12-31T23:59:60Z", "2023-02-29T00:00:00Z",
                "2026-12-06T07:00:00.Z", "+10000-01-01T00:00:00Z", "1764998400", "1764998400.5", "", "not a time")) {
            values.add(ours.writeValueAsString(text));
        }
        values.addAll(List.of("1764998400", "1764998400.123456789", "-1", "null", "true", "{}", "[]"));
        for (String value : values) {
            Object expected = outcome(jackson, value, Instant.class);
            Object actual = outcome(ours, value, Instant.class);
            if (expected instanceof Exception e) {
                assertInstanceOf(e.getClass(), actual, value);
                assertEquals(e.getClass(), actual.getClass(), value);
            } else {
                assertEquals(expected, actual, value);
            }
        }
    }

    /** A record's instant, and a property with a format of its own, which stays Jackson's reader's. */
    record Times(Instant at, @JsonFormat(pattern = "yyyy-MM-dd HH:mm", timezone = "UTC") Instant formatted) {
    }

    @Test
    void aPropertyWithAFormatOfItsOwnIsReadByJacksonsReader() throws Exception {
        String json = "{\"at\":\"2026-12-06T07:00:00.25Z\",\"formatted\":\"2026-12-06 07:00\"}";
        Times read = ours.readValue(json, Times.class);
        assertEquals(jackson.readValue(json, Times.class), read);
        assertEquals(Instant.parse("2026-12-06T07:00:00.25Z"), read.at());
        assertEquals(Instant.parse("2026-12-06T07:00:00Z"), read.formatted());
    }

    private static Object outcome(ObjectMapper mapper, String json, Class<?> type) {
        try {
            return mapper.readValue(json, type);
        } catch (Exception e) {
            return e;
        }
    }

    /** Any date and time of the years 0000 to 9999, written with 0 to 9 fraction digits. */
    private static String text(Random random) {
        long seconds = EARLIEST.getEpochSecond()
                + (long) (random.nextDouble() * (LATEST.getEpochSecond() - EARLIEST.getEpochSecond()));
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int digits = random.nextInt(10);
        StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", time.getYear(),
                time.getMonthValue(), time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond()));
        if (digits > 0) {
            text.append('.');
            for (int i = 0; i < digits; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        return text.append('Z').toString();
    }

    record Written(Instant at, List<Instant> more, Instant none) {
    }

    record Formatted(@JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd HH:mm",
            timezone = "UTC") Instant at, @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant epoch, Instant plain) {
    }

    /** As Quarkus configures the service's mapper: dates as text. */
    private static ObjectMapper jacksonWriting() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static ObjectMapper oursWriting() {
        ObjectMapper mapper = jacksonWriting();
        new InstantJson().customize(mapper); // after jsr310's module, as its priority has Quarkus do
        return mapper;
    }

    @Test
    void everyPrecisionIsWrittenAsJacksonWritesIt() throws Exception {
        ObjectMapper jackson = jacksonWriting();
        ObjectMapper ours = oursWriting();
        assertInstanceOf(InstantJson.Writer.class,
                ours.getSerializerProviderInstance().findValueSerializer(Instant.class), "ours, not jsr310's");
        Random random = new Random(43);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-12-07T07:00:00Z"),
                EARLIEST, LATEST, Instant.parse("1969-12-31T23:59:59.000000001Z"),
                Instant.parse("2026-02-28T23:59:59.100Z"), Instant.parse("2024-02-29T12:00:00.000010Z"),
                // outside four-digit years: the JDK's text
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN,
                Instant.MAX));
        for (int i = 0; i < 2_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(EARLIEST.getEpochSecond(),
                    LATEST.getEpochSecond() + 1), random.nextInt(1_000_000_000));
            instants.add(instant);
            instants.add(instant.truncatedTo(ChronoUnit.MICROS));
            instants.add(instant.truncatedTo(ChronoUnit.MILLIS));
            instants.add(instant.truncatedTo(ChronoUnit.SECONDS));
        }
        for (Instant instant : instants) {
            assertEquals(jackson.writeValueAsString(instant), ours.writeValueAsString(instant), instant.toString());
            assertEquals("\"" + instant + "\"", ours.writeValueAsString(instant));
            assertEquals(instant.toString(), IsoInstant.format(instant), "the alerts' ce_time");
        }
        Written times = new Written(instants.get(1), instants.subList(0, 40), null);
        assertEquals(jackson.writeValueAsString(times), ours.writeValueAsString(times));
        assertEquals(new String(jackson.writeValueAsBytes(times)), new String(ours.writeValueAsBytes(times)),
                "through the UTF-8 generator too");
    }

    @Test
    void aPropertyWithItsOwnFormatIsWrittenByJackson() throws Exception {
        Instant at = Instant.parse("2026-12-07T07:15:30.123456Z");
        Formatted formatted = new Formatted(at, at, at);
        String written = oursWriting().writeValueAsString(formatted);
        assertEquals(jacksonWriting().writeValueAsString(formatted), written);
        assertEquals("{\"at\":\"2026-12-07 07:15\",\"epoch\":1796627730.123456000,\"plain\":\"" + at + "\"}",
                written);
    }

    @Test
    void aMapperThatWritesDatesAsTimestampsGetsJacksonsNumbers() throws Exception {
        ObjectMapper jackson = jacksonWriting().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper ours = oursWriting().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Written times = new Written(Instant.parse("2026-12-07T07:15:30.5Z"), List.of(Instant.EPOCH), null);
        assertEquals(jackson.writeValueAsString(times), ours.writeValueAsString(times));
        assertNotEquals(jacksonWriting().writeValueAsString(times), ours.writeValueAsString(times));
    }

    @Test
    void aPlainPropertyIsWrittenByTheExchangesWriterAndOneWithAFormatByJacksons() throws Exception {
        ObjectMapper ours = oursWriting();
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
