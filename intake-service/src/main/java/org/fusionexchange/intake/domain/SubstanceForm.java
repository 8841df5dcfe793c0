package org.fusionexchange.intake.domain;

/** The physical form of a seized or involved substance. */
public enum SubstanceForm {
    POWDER, PILL, LIQUID, PATCH, PLANT, OTHER
}
