package org.fusionexchange.intake.service;

/** A change the report's state does not allow; the reason decides the HTTP status. */
public class ReportRefused extends RuntimeException {

    public enum Reason {
        /** No such report for the caller's agency (404, so that existence does not leak). */
        NOT_FOUND,
        /** The report is retracted and can no longer change (409). */
        RETRACTED,
        /** The caller's If-Match names another version than the current one (412). */
        STALE_VERSION,
        /** An Idempotency-Key reused with another body (409). */
        IDEMPOTENCY_KEY_REUSED
    }

    private final Reason reason;

    public ReportRefused(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
