package org.fusionexchange.intake.domain;

/** A report is active until its agency retracts it; a retracted report can no longer change. */
public enum ReportStatus {
    ACTIVE, RETRACTED
}
