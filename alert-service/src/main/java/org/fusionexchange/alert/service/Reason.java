package org.fusionexchange.alert.service;

/** Why a recipient got an alert (DOMAIN.md, routing). */
public enum Reason {
    JURISDICTION, TASK_FORCE, NAMED,
    /** An overdose spike in the recipient's county, a neighbouring county, or a task force's area. */
    SPIKE,
    /** The same phone, VIN or plate in a report of the recipient's and one of another agency's. */
    ENTITY_MATCH
}
