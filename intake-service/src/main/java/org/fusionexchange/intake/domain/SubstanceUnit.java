package org.fusionexchange.intake.domain;

/** The unit of a substance quantity. */
public enum SubstanceUnit {
    MG, G, KG, ML, L, PILLS, DOSES
}
