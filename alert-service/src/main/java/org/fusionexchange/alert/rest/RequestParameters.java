package org.fusionexchange.alert.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Parses query, path and header parameters, collecting one error per malformed parameter, so that a request with
 * several bad parameters gets one 400 problem naming all of them.
 */
final class RequestParameters {

    /** The instants a parameter may name: years of four digits, 0000 to 9999. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** The highest page number of any list, as on alerts. */
    static final int MAX_PAGE = 1_000_000;

    private final List<Problem.FieldError> errors = new ArrayList<>();

    int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(name, "must be an integer from " + min + " to " + max));
        return defaultValue;
    }

    /** The 0-based page number; refused when page times size, the offset, does not fit the database's integer. */
    int page(String value, int size) {
        int page = integer("page", value, 0, 0, MAX_PAGE);
        if ((long) page * size > Integer.MAX_VALUE) {
            errors.add(new Problem.FieldError("page", "page times size must not exceed " + Integer.MAX_VALUE));
            return 0;
        }
        return page;
    }

    /** The page size, 1 to {@link Page#MAX_SIZE}. */
    int size(String value) {
        return integer("size", value, Integer.parseInt(Page.DEFAULT_SIZE), 1, Page.MAX_SIZE);
    }

    long sequence(String name, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(name, "must be the id of an event of this stream (a non-negative integer)"));
        return 0;
    }

    /** The seq a list's {@code cursor} names, null when there is none. */
    Long cursor(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Cursor.parse(value);
        } catch (RuntimeException e) {
            errors.add(new Problem.FieldError("cursor", "must be the next of an earlier page of this list"));
            return null;
        }
    }

    Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(name, "must be an ISO-8601 instant such as 2026-11-28T16:00:00Z"));
            return null;
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            // Instant reads -0001-... and +294277-...: the latter is past PostgreSQL's timestamps, a 500 otherwise
            errors.add(new Problem.FieldError(name, "must be an ISO-8601 instant with a four-digit year, such as "
                    + "2026-11-28T16:00:00Z"));
            return null;
        }
        return at;
    }

    /** A UUID in its canonical form, as the API declares it. */
    static final String UUID_PATTERN =
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    private static final Pattern UUID_TEXT = Pattern.compile(UUID_PATTERN);

    /** A UUID in its canonical form only (8-4-4-4-12 hex digits): UUID.fromString also takes 1-1-1-1-1. */
    UUID uuid(String name, String value) {
        String text = value == null ? null : value.strip();
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            errors.add(new Problem.FieldError(name, "must be a UUID"));
            return null;
        }
        return UUID.fromString(text);
    }

    void error(String name, String detail) {
        errors.add(new Problem.FieldError(name, detail));
    }

    /** Answers 400 with every error found so far. */
    void check() {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of("invalid-parameters", "Invalid parameters", 400,
                    "Some parameters are malformed.").withErrors(errors));
        }
    }
}
