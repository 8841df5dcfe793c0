package org.fusionexchange.intake.service;

import java.util.List;

/** A report that breaks the rules: answered 422 with one entry per offending field. */
public class ReportRejected extends RuntimeException {

    private final transient List<Violation> violations;

    public ReportRejected(List<Violation> violations) {
        super("The report breaks " + violations.size() + " rule(s)", null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
