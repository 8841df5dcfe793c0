package org.fusionexchange.intake.normalize;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Vehicle identification numbers: the rule a written VIN must follow, its normalised form (upper case), and the
 * check digit of North American VINs (ISO 3779 as 49 CFR 565.15 computes it, position 9). Pure.
 */
public final class Vins {

    /**
     * What can be a VIN, in either case: 17 letters and digits without I, O or Q (ISO 3779, since 1981), or 11 to 16
     * letters and digits (the manufacturers' own formats before 1981).
     */
    public static final String RULE_TEXT = "[A-HJ-NPR-Za-hj-npr-z0-9]{17}|[A-Za-z0-9]{11,16}";
    public static final Pattern RULE = Pattern.compile(RULE_TEXT);

    public static final String RULE_DETAIL = "must be a VIN: 17 letters and digits without I, O or Q, or 11 to 16 "
            + "letters and digits for a vehicle built before 1981 (upper or lower case)";

    /** The outcome of the check digit. */
    public enum Check {
        /** A North American VIN whose check digit is right. */
        VALID,
        /** A North American VIN whose check digit is wrong: kept, and flagged. */
        INVALID,
        /** Not a 17-character VIN made for North America (first character 1 to 5): it has no check digit to check. */
        UNCHECKED
    }

    private static final int[] WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

    private Vins() {
    }

    /** Upper case, as VINs are compared; null stays null. */
    public static String normalize(String vin) {
        return vin == null ? null : vin.toUpperCase(Locale.ROOT);
    }

    /** The check of a VIN as written (any case): VALID or INVALID for a North American one, else UNCHECKED. */
    public static Check check(String vin) {
        String upper = normalize(vin);
        if (upper == null || upper.length() != 17 || upper.charAt(0) < '1' || upper.charAt(0) > '5') {
            return Check.UNCHECKED;
        }
        Character expected = checkDigit(upper);
        return expected != null && expected == upper.charAt(8) ? Check.VALID : Check.INVALID;
    }

    /**
     * The check digit a 17-character VIN must carry at position 9: each character's value (digits their own;
     * letters A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9) times its position's weight, summed, modulo 11, 10 written X.
     * Null when a character has no value (I, O, Q, or anything but a letter or digit).
     */
    public static Character checkDigit(String vin) {
        if (vin == null || vin.length() != 17) {
            throw new IllegalArgumentException("A check digit is computed on 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = value(Character.toUpperCase(vin.charAt(i)));
            if (value < 0) {
                return null;
            }
            sum += value * WEIGHTS[i];
        }
        int remainder = sum % 11;
        return remainder == 10 ? 'X' : (char) ('0' + remainder);
    }

    private static int value(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'H') {
            return c - 'A' + 1;
        }
        if (c >= 'J' && c <= 'N') {
            return c - 'J' + 1;
        }
        if (c == 'P') {
            return 7;
        }
        if (c == 'R') {
            return 9;
        }
        if (c >= 'S' && c <= 'Z') {
            return c - 'S' + 2;
        }
        return -1;
    }
}
