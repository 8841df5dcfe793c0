package org.fusionexchange.directory.service;

import java.util.List;

/** A refusal by the rules of the directory; the REST layer maps each kind to its status. */
public abstract sealed class DirectoryException extends RuntimeException {

    protected DirectoryException(String message) {
        super(message, null, false, false);
    }

    /** Well-formed input that the rules reject (422), or input that is malformed (400). */
    public static final class Invalid extends DirectoryException {
        private final transient List<Violation> violations;
        private final boolean malformed;

        public Invalid(boolean malformed, List<Violation> violations) {
            super(malformed ? "The request is malformed." : "The agency breaks the rules of the directory.");
            this.malformed = malformed;
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }

        public boolean malformed() {
            return malformed;
        }
    }

    public static final class NotFound extends DirectoryException {
        public NotFound(String code) {
            super("No agency " + code + " in the directory.");
        }
    }

    /** A code already taken, or a change that contradicts the directory's state. */
    public static final class Conflict extends DirectoryException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The caller changed a version that is no longer the current one. */
    public static final class StaleVersion extends DirectoryException {
        public StaleVersion(String code, long current) {
            super("Agency " + code + " is at version " + current + "; read it again and retry.");
        }
    }

    /** The caller's token names an agency the directory does not know: every request is refused. */
    public static final class CallerUnknown extends DirectoryException {
        public CallerUnknown(String agency) {
            super("Agency " + agency + " is not in the directory.");
        }
    }

    /** The caller's own agency is suspended: every request is refused. */
    public static final class CallerSuspended extends DirectoryException {
        public CallerSuspended(String agency) {
            super("Agency " + agency + " is suspended.");
        }
    }
}
