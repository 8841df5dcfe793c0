package org.fusionexchange.directory.rest;

/** Thrown anywhere to answer with a given problem, such as a 404 or a 409. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
