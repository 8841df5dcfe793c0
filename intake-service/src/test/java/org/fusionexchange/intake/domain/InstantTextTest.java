package org.fusionexchange.intake.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Instants read by hand are those the JDK reads from the same text; every other text is the JDK's to read or refuse.
 */
class InstantTextTest {

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Test
    void theUsualFormIsReadAsTheJdkReadsItInEveryYearAndWithEveryNumberOfFractionDigits() {
        Random random = new Random(32);
        List<String> texts = new ArrayList<>(List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2024-02-29T23:59:59.5Z",
                "2000-02-29T00:00:00Z", "2026-11-28T15:42:00.000000001Z", "2026-11-28T15:42:00.100000000Z"));
        for (int i = 0; i < 100_000; i++) {
            texts.add(text(random));
        }
        for (String text : texts) {
            Instant jdk = Instant.parse(text);
            assertEquals(jdk, InstantText.byHand(text), text);
            assertEquals(jdk, InstantText.parse(text), text);
        }
    }

    @Test
    void everyOtherTextIsReadOrRefusedByTheJdk() {
        for (String text : Arrays.asList("2026-11-28T15:42:00+01:00", "2026-11-28T15:42:00.5+00:00",
                "2026-11-28t15:42:00Z", "2026-11-28T15:42:00z", " 2026-11-28T15:42:00Z", "2026-11-28T15:42:00Z ",
                "2026-11-28T15:42:00.Z", "2026-11-28T15:42:00.1234567890Z", "+10000-01-01T00:00:00Z",
                "-0001-01-01T00:00:00Z", "2026-11-28T15:42Z", "2026-11-28", "2023-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z", "2026-11-00T00:00:00Z",
                "2026-11-28T24:00:00Z", "2026-11-28T23:60:00Z", "2026-12-31T23:59:60Z", "2026-11-28T15:42:0aZ",
                "2026/11/28T15:42:00Z", "2026-11-28 15:42:00Z", "1764998400", "", "yesterday")) {
            assertNull(InstantText.byHand(text), text);
            assertEquals(outcome(() -> Instant.parse(text)), outcome(() -> InstantText.parse(text)), text);
        }
        assertEquals(outcome(() -> Instant.parse(null)), outcome(() -> InstantText.parse(null)), "null");
    }

    /** The instant read, or the class of what was thrown. */
    private static Object outcome(java.util.function.Supplier<Instant> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return e.getClass();
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
}
