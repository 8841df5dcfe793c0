package org.fusionexchange.intake.domain;

/** The kinds of event on case-reports; the CloudEvents type is {@link #cloudEventType()}. */
public enum EventType {
    ReportSubmitted, ReportAmended, ReportRetracted;

    public String cloudEventType() {
        return "org.fusionexchange.intake." + name();
    }
}
