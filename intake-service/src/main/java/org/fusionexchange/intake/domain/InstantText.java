package org.fusionexchange.intake.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Reads an instant as {@link Instant#parse(CharSequence)} does, by hand where the text has the usual form
 * ({@code 2026-11-28T15:42:00Z}: four-digit year, {@code T}, zero to nine fraction digits, {@code Z}) and through
 * {@link Instant#parse(CharSequence)} otherwise, so that every other form, and every refusal, stays the JDK's.
 *
 * <p>Why: on Java 17, {@code Instant.parse} builds a new formatter for every text it reads and converts the fraction
 * through {@code BigDecimal}, and every report's {@code occurredAt} is read twice (validation, then the report). The
 * same reader, for alert-service's JSON, is alert-service's {@code config/InstantJson}: the services share no code.
 */
public final class InstantText {

    /** The shortest form read by hand, {@code 2026-12-06T12:00:00Z}, and the longest, with nine fraction digits. */
    static final int SHORTEST = 20;
    static final int LONGEST = 30;

    private static final int[] TENS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

    /** The instants whose year has four digits, as the case-reports contract writes them: 0000 to 9999. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private InstantText() {
    }

    /**
     * Whether the instant's year has four digits. {@link Instant#parse(CharSequence)} also reads {@code -0001-...} and
     * {@code +294277-...}: neither fits the case-reports contract's instants, nor PostgreSQL's timestamps at the far
     * end.
     */
    public static boolean fourDigitYear(Instant at) {
        return !at.isBefore(EARLIEST) && !at.isAfter(LATEST);
    }

    /** The instant in {@code text}, as {@link Instant#parse(CharSequence)} reads it and with the same exceptions. */
    public static Instant parse(String text) {
        Instant read = text == null ? null : byHand(text);
        return read != null ? read : Instant.parse(text);
    }

    /**
     * The instant written as {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with one to nine fraction digits, or null when the text
     * has any other form, or names no valid date and time in it (24:00, a leap second, the 30th of February).
     */
    static Instant byHand(String text) {
        int length = text.length();
        if (length != SHORTEST && (length < SHORTEST + 2 || length > LONGEST)) {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int nanos = 0;
        if (length > SHORTEST) {
            int digits = length - SHORTEST - 1;
            int fraction = number(text, 20, digits);
            if (text.charAt(19) != '.' || fraction < 0) {
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

    /** The {@code digits} decimal digits at {@code at} as a number, or -1 if one of them is not a digit. */
    private static int number(String text, int at, int digits) {
        int value = 0;
        for (int i = at; i < at + digits; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
