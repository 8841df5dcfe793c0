package org.fusionexchange.directory.rest;

import java.util.Arrays;

/** The If-Match header of a conditional change, against a version used as the ETag. */
final class IfMatch {

    private IfMatch() {
    }

    static boolean absent(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank();
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
}
