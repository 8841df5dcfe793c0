package org.fusionexchange.intake.domain;

/** What a case report is about (DOMAIN.md). */
public enum ReportType {
    OVERDOSE, DRUG_SEIZURE, TRAFFICKING, SUSPICIOUS_ACTIVITY, OFFICER_SAFETY
}
