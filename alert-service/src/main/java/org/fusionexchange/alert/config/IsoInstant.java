package org.fusionexchange.alert.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An instant as {@link Instant#toString()} writes it (ISO-8601 in UTC, {@code 2026-12-06T07:00:00.123Z}: the
 * fraction in groups of three digits, as many as it needs, none when it is zero), by arithmetic into a char array.
 * <p>
 * The JDK's own formatter builds a date-time, a print context and a string builder for each instant. Every alert
 * routing makes holds two instants in its JSON and one in its {@code ce_time} header, four alerts a report in the
 * pipeline (deploy/bench/README.md, session 43). Years outside 0000 to 9999, which no alert holds, are left to the
 * JDK. Used by the service's JSON ({@link InstantJson}) and for the alerts' {@code ce_time}. intake-service writes its
 * instants with its own copy ({@code domain/IsoInstant}): the services share no code.
 */
public final class IsoInstant {

    /** The longest form: {@code 9999-12-31T23:59:59.999999999Z}. */
    public static final int MAX_LENGTH = 30;

    private static final long FIRST = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long LAST = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private IsoInstant() {
    }

    public static String format(Instant instant) {
        char[] text = new char[MAX_LENGTH];
        int length = format(instant, text);
        return length < 0 ? instant.toString() : new String(text, 0, length);
    }

    /**
     * Writes the instant into {@code text} (at least {@link #MAX_LENGTH} long) and returns how many characters it
     * took, or -1 for a year outside 0000 to 9999, which the caller writes with {@link Instant#toString()}.
     */
    public static int format(Instant instant, char[] text) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds > LAST) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int at = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(text, at, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at = digits(text, at, nano / 1_000, 6);
            } else {
                at = digits(text, at, nano, 9);
            }
        }
        text[at++] = 'Z';
        return at;
    }

    /** {@code value} as exactly {@code width} decimal digits at {@code at}; returns the index after them. */
    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
