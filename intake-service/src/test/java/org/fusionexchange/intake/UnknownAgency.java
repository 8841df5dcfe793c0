package org.fusionexchange.intake;

import org.fusionexchange.stack.FusionStack;

/**
 * A genuine realm token for an agency the directory never published: the Keycloak group {@code /agencies/GHOST-PD}
 * made by hand through the admin API, as an administrator might, with a reporter in it.
 */
public final class UnknownAgency {

    public static final String CODE = "GHOST-PD";
    private static final String USER = "ghost.reporter";

    private UnknownAgency() {
    }

    /** A password-grant token of a reporter of GHOST-PD, creating the group and the user the first time. */
    public static String reporterToken(FusionStack stack) throws Exception {
        return RealmAdmin.reporterToken(stack, CODE, USER);
    }
}
