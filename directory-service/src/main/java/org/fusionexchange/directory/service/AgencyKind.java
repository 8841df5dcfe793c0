package org.fusionexchange.directory.service;

/** What kind of agency it is; only task forces have members and a focus. */
public enum AgencyKind {
    FEDERAL, STATE, LOCAL, TRIBAL, FUSION_CENTER, TASK_FORCE, INTERNATIONAL
}
