package org.fusionexchange.alert.service;

import java.util.List;

/** Input the service refuses, with one violation per offending field (JSON pointer or parameter name). */
public class InvalidInput extends RuntimeException {

    /** Where (a JSON pointer into the body, or a parameter name) and what is wrong. */
    public record Violation(String pointer, String detail) {
    }

    private final transient List<Violation> violations;

    public InvalidInput(List<Violation> violations) {
        super("Invalid input: " + violations, null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
