package org.fusionexchange.alert.service;

/** Why a recipient got an alert (DOMAIN.md, routing). */
public enum Reason {
    JURISDICTION, TASK_FORCE, NAMED
}
