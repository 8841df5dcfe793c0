package org.fusionexchange.directory.service;

import java.util.Locale;

/** The kinds of entity value that reports carry and alert-service compares: phone numbers, VINs and plates. */
public enum EntityKind {
    PHONE,
    VIN,
    PLATE;

    /** The kind as the first part of an entity key: phone, vin or plate. */
    public String prefix() {
        return name().toLowerCase(Locale.ROOT);
    }
}
