package org.fusionexchange.alert.service;

import java.util.List;

/** What routing needs to know of an agency, from the directory's latest snapshot. */
public record DirectoryAgency(String code, String kind, List<String> jurisdictions, List<String> focus,
        boolean suspended, long version) {

    public static final String TASK_FORCE = "TASK_FORCE";

    public DirectoryAgency {
        jurisdictions = List.copyOf(jurisdictions);
        focus = List.copyOf(focus);
    }

    public boolean taskForce() {
        return TASK_FORCE.equals(kind);
    }
}
