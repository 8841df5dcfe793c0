package org.fusionexchange.directory.service;

/** The report types of DOMAIN.md; a task force's focus is a set of them. */
public enum ReportType {
    OVERDOSE, DRUG_SEIZURE, TRAFFICKING, SUSPICIOUS_ACTIVITY, OFFICER_SAFETY
}
