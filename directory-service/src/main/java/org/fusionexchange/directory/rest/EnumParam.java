package org.fusionexchange.directory.rest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.fusionexchange.directory.service.Violation;

/** A query parameter naming one constant of an enum (kind=LOCAL), in either case; absent or blank means any. */
final class EnumParam {

    private EnumParam() {
    }

    /** The constant, or empty; what is wrong is added to violations, by parameter name. */
    static <E extends Enum<E>> Optional<E> read(Class<E> type, String name, String value,
            List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(name, "must be one of " + Arrays.toString(type.getEnumConstants())));
            return Optional.empty();
        }
    }
}
