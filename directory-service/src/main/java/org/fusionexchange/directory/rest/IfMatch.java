package org.fusionexchange.directory.rest;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.fusionexchange.directory.service.DirectoryException;
import org.fusionexchange.directory.service.Violation;

/** The If-Match header of a conditional change, against a version used as the ETag. */
final class IfMatch {

    private IfMatch() {
    }

    /** The header's form, as the OpenAPI document declares it: *, or entity tags, weak or strong. */
    static final String PATTERN = "^(\\*|(W/)?\"[0-9]{1,19}\"( *, *(W/)?\"[0-9]{1,19}\")*)$";
    static final int MAX_LENGTH = 200;
    private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile(PATTERN);

    static boolean absent(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank();
    }

    /** 400 naming If-Match when the header is there but not *, nor a list of this service's entity tags. */
    static void requireWellFormed(String ifMatch) {
        if (!absent(ifMatch) && (ifMatch.length() > MAX_LENGTH || !FORM.matcher(ifMatch.strip()).matches())) {
            throw new DirectoryException.Invalid(true, List.of(new Violation("If-Match",
                    "must be *, or entity tags such as \"3\" or W/\"3\", at most " + MAX_LENGTH + " characters")));
        }
    }

    /** 428: the change needs If-Match with the ETag of what the caller read. */
    static ProblemException required(String what) {
        return new ProblemException(Problem.of("precondition-required", "Precondition required", 428,
                "Send If-Match with the ETag of the " + what + " you read."));
    }

    /** Whether the header names the current version: "3", W/"3", or * for whatever is current. */
    static boolean matches(String ifMatch, long current) {
        if (ifMatch.strip().equals("*")) {
            return true;
        }
        return Arrays.stream(ifMatch.split(","))
                .map(tag -> tag.strip().replaceFirst("^W/", ""))
                .anyMatch(tag -> tag.equals("\"" + current + "\""));
    }

    /**
     * The version a conditional change names, against the current one (null: there is nothing yet, e.g. a county
     * with the defaults). Without If-Match: null, or 428 when the header is required and there is something to
     * match. With it: the current version if it matches, else stale (an If-Match, even *, matches nothing when
     * there is nothing).
     */
    static Long expected(String ifMatch, Long current, boolean required, String what,
            Supplier<DirectoryException.StaleVersion> stale) {
        requireWellFormed(ifMatch);
        if (absent(ifMatch)) {
            if (required && current != null) {
                throw required(what);
            }
            return null;
        }
        if (current == null || !matches(ifMatch, current)) {
            throw stale.get();
        }
        return current;
    }
}
