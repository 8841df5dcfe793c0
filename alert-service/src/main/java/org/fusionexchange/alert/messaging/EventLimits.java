package org.fusionexchange.alert.messaging;

/**
 * The lengths of the alert columns that take a report event's text as it is (V1__alert.sql): an event with a longer
 * value can never be stored, so it is refused before routing instead of failing its transaction for ever.
 */
final class EventLimits {

    static final int ORIGINATOR = 32;
    static final int HEADLINE = 200;
    static final int JURISDICTION = 64;

    private EventLimits() {
    }

    /** Which field of a complete event is longer than its column, or null when all fit. */
    static String overLimit(CaseReportEvent event) {
        if (event.agency().length() > ORIGINATOR) {
            return "agency (the originator) is longer than " + ORIGINATOR + " characters";
        }
        if (event.report().headline().length() > HEADLINE) {
            return "report.headline is longer than " + HEADLINE + " characters";
        }
        if (event.report().jurisdiction().length() > JURISDICTION) {
            return "report.jurisdiction is longer than " + JURISDICTION + " characters";
        }
        return null;
    }
}
