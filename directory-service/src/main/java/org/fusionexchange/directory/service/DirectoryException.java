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
        private final String subject;
        private final String title;

        /** An agency, or a request about agencies. */
        public Invalid(boolean malformed, List<Violation> violations) {
            this(malformed, violations, "agency", "Invalid agency", "The agency breaks the rules of the directory.");
        }

        private Invalid(boolean malformed, List<Violation> violations, String subject, String title,
                String refusal) {
            super(malformed ? "The request is malformed." : refusal);
            this.malformed = malformed;
            this.violations = List.copyOf(violations);
            this.subject = subject;
            this.title = title;
        }

        /** A county's spike thresholds, or a request about them. */
        public static Invalid spikeThresholds(boolean malformed, List<Violation> violations) {
            return new Invalid(malformed, violations, "spike-thresholds", "Invalid spike thresholds",
                    "The spike thresholds break the rules of the directory.");
        }

        /** An entry of the ignore list of entity values, or a request about one. */
        public static Invalid ignoredEntity(boolean malformed, List<Violation> violations) {
            return new Invalid(malformed, violations, "ignored-entity", "Invalid ignored entity",
                    "The ignored entity breaks the rules of the directory.");
        }

        /** What was refused, for the problem type: agency, spike-thresholds or ignored-entity. */
        public String subject() {
            return subject;
        }

        /** The problem's title for a refusal by the rules (422). */
        public String title() {
            return title;
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

        private NotFound(String what, String code) {
            super("No " + what + " " + code + " in the directory.");
        }

        /** A county that has no spike thresholds of its own: it has the defaults. */
        public static NotFound countyOverride(String county) {
            return new NotFound("spike thresholds override for county", county);
        }

        /** An entity value that is not on the ignore list. */
        public static NotFound ignoredEntity(String key) {
            return new NotFound("ignored entity", key);
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

        private StaleVersion(String message) {
            super(message);
        }

        /** The county's thresholds are not at the version the caller named (current null: it has none of its own). */
        public static StaleVersion county(String county, Long current) {
            return new StaleVersion(current == null
                    ? "County " + county + " has no spike thresholds of its own (it has the defaults); read it again "
                            + "and retry."
                    : "The spike thresholds of county " + county + " are at version " + current
                            + "; read them again and retry.");
        }

        /** The ignore list's entry is not at the version the caller named (current null: the value is not ignored). */
        public static StaleVersion ignoredEntity(String key, Long current) {
            return new StaleVersion(current == null
                    ? "Entity " + key + " is not ignored; read it again and retry."
                    : "The ignored entity " + key + " is at version " + current + "; read it again and retry.");
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
