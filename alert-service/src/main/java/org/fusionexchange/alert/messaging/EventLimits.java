package org.fusionexchange.alert.messaging;

/**
 * The lengths of the alert columns that take a report event's text as it is (V1__alert.sql), and the shape of the
 * values routing relies on: an event with a longer or malformed value can never be stored or routed, so it is refused
 * before routing instead of failing its transaction for ever.
 */
final class EventLimits {

    static final int ORIGINATOR = 32;
    static final int HEADLINE = 200;
    static final int JURISDICTION = 64;
    /** A named recipient is an agency code, which the alert's recipient column (varchar(32)) takes as it is. */
    static final int RECIPIENT = 32;

    private EventLimits() {
    }

    /** Which field of a complete event is longer than its column or malformed, or null when all are fine. */
    static String overLimit(CaseReportEvent event) {
        if (event.agency().isBlank()) {
            return "agency (the originator) is blank";
        }
        if (event.report().jurisdiction().isBlank()) {
            return "report.jurisdiction is blank";
        }
        if (event.agency().length() > ORIGINATOR) {
            return "agency (the originator) is longer than " + ORIGINATOR + " characters";
        }
        if (event.report().headline().length() > HEADLINE) {
            return "report.headline is longer than " + HEADLINE + " characters";
        }
        if (event.report().jurisdiction().length() > JURISDICTION) {
            return "report.jurisdiction is longer than " + JURISDICTION + " characters";
        }
        return badRecipient(event.report().marking());
    }

    /**
     * Why the named recipients cannot be routed: one is missing (null), blank, longer than an agency code, or holds a
     * comma (the report's state keeps them comma-separated); null when there are none or all are fine.
     */
    private static String badRecipient(CaseReportEvent.Marking marking) {
        if (marking == null || marking.recipients() == null) {
            return null;
        }
        for (String recipient : marking.recipients()) {
            if (recipient == null || recipient.isBlank()) {
                return "report.marking.recipients holds a missing or blank agency code";
            }
            if (recipient.length() > RECIPIENT) {
                return "report.marking.recipients holds an agency code longer than " + RECIPIENT + " characters";
            }
            if (recipient.indexOf(',') >= 0) {
                return "report.marking.recipients holds an agency code with a comma";
            }
        }
        return null;
    }
}
