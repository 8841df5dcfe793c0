package org.fusionexchange.intake.normalize;

import java.util.Locale;
import java.util.regex.Pattern;

/** Licence plates and their issuing state: the rules as written, and the forms they are compared in. Pure. */
public final class Plates {

    /** A plate as written: 1 to 15 letters, digits, spaces, dashes or dots, beginning with a letter or digit. */
    public static final String PLATE_RULE = "[A-Za-z0-9][A-Za-z0-9 .-]{0,14}";
    public static final Pattern PLATE = Pattern.compile(PLATE_RULE);

    public static final String PLATE_DETAIL = "must be 1 to 15 letters, digits, spaces, dashes or dots, beginning "
            + "with a letter or digit";

    /** The issuing state as written: a state or country code ({@code FL}, {@code US-FL}), any case, spaces around. */
    public static final String STATE_RULE = " *[A-Za-z]{2}(-[A-Za-z0-9]{1,3})? *";
    public static final Pattern STATE = Pattern.compile(STATE_RULE);

    public static final String STATE_DETAIL = "must be the issuing state, such as FL or US-FL";

    private static final Pattern SEPARATORS = Pattern.compile("[ .-]");

    private Plates() {
    }

    /** Upper case without spaces, dashes or dots: {@code abc-123} and {@code ABC 123} are {@code ABC123}. */
    public static String normalize(String plate) {
        return plate == null ? null : SEPARATORS.matcher(plate.toUpperCase(Locale.ROOT)).replaceAll("");
    }

    /** Upper case and trimmed: {@code " fl"} is {@code FL}. {@code US-FL} stays {@code US-FL}. */
    public static String normalizeState(String state) {
        return state == null ? null : state.strip().toUpperCase(Locale.ROOT);
    }
}
