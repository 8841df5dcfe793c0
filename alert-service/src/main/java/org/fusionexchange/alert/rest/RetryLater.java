package org.fusionexchange.alert.rest;

import java.time.Duration;

/** Answers with a problem (503, 429) and a Retry-After header: the same request may succeed later. */
public class RetryLater extends RuntimeException {

    private final transient Problem problem;
    private final Duration retryAfter;

    public RetryLater(Problem problem, Duration retryAfter) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    /** Whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
