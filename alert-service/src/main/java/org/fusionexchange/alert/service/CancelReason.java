package org.fusionexchange.alert.service;

/**
 * Why a recipient's alerts of a report are cancelled (DOMAIN.md, alerts): the change that took its entitlement away,
 * the report's retraction, or the recipient's own suspension. A Cancel carries this and identifiers, nothing else.
 */
public enum CancelReason {
    /** The marking narrowed (TLP, or the agencies a TLP:RED report names). */
    MARKING_CHANGED,
    /** The report moved to a jurisdiction the recipient does not cover. */
    JURISDICTION_CHANGED,
    /** The report's type changed, and a task force's focus no longer includes it. */
    TYPE_CHANGED,
    /** The report was retracted: every recipient's alerts are cancelled. */
    RETRACTED,
    /** The recipient is suspended; the new version would otherwise still reach it. */
    AGENCY_SUSPENDED,
    /** Nothing of the report that decides entitlement changed, but the recipient's directory entry did. */
    DIRECTORY_CHANGED,
    /** An overdose spike is over: every window stayed below its threshold for a whole hour. */
    SPIKE_ENDED,
    /** An entity match is withdrawn: one of its two reports was amended without the value. */
    ENTITY_REMOVED
}
