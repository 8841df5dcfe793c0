package org.fusionexchange.alert.service;

import java.util.List;

/**
 * What routing and the API need to know of an agency, from the directory's latest snapshot. {@code quota} is null when
 * the directory gives the agency none: the service's default applies.
 */
public record DirectoryAgency(String code, String kind, List<String> jurisdictions, List<String> focus,
        boolean suspended, long version, AgencyQuota quota) {

    public static final String TASK_FORCE = "TASK_FORCE";
    /** The form of an agency code (directory.agencies), as the API declares it. */
    public static final String CODE_PATTERN = "^[A-Z0-9][A-Z0-9-]{1,31}$";
    public static final int CODE_MAX_LENGTH = 32;

    public DirectoryAgency {
        jurisdictions = List.copyOf(jurisdictions);
        focus = List.copyOf(focus);
    }

    /** An agency without a quota of its own. */
    public DirectoryAgency(String code, String kind, List<String> jurisdictions, List<String> focus,
            boolean suspended, long version) {
        this(code, kind, jurisdictions, focus, suspended, version, null);
    }

    public boolean taskForce() {
        return TASK_FORCE.equals(kind);
    }
}
