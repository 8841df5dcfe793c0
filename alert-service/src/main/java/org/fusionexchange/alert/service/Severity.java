package org.fusionexchange.alert.service;

import java.util.Arrays;
import java.util.Optional;

/** CAP 1.2 severity, from the least to the most severe, so that ordinal order is severity order. */
public enum Severity {
    Unknown, Minor, Moderate, Severe, Extreme;

    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    public static Optional<Severity> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(value)).findFirst();
    }

    public static Severity fromReport(String value) {
        return value == null ? Unknown : parse(value).orElse(Unknown);
    }
}
