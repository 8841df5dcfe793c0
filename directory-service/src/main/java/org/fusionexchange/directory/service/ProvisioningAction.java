package org.fusionexchange.directory.service;

/** Keycloak work for an agency. */
public enum ProvisioningAction {
    /** The group /agencies/CODE with attribute agency_code exists. */
    CREATE_GROUP,
    /** The group's enabled users and service accounts are disabled, and recorded. */
    SUSPEND,
    /** The users the suspension disabled are enabled again. */
    REINSTATE,
    /** Every agency of the directory has its group (enqueued at start-up). */
    RECONCILE
}
