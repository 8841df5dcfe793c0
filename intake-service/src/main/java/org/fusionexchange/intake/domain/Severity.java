package org.fusionexchange.intake.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** CAP 1.2 severity, spelled on the wire as CAP spells it. */
public enum Severity {
    @JsonProperty("Extreme") EXTREME,
    @JsonProperty("Severe") SEVERE,
    @JsonProperty("Moderate") MODERATE,
    @JsonProperty("Minor") MINOR,
    @JsonProperty("Unknown") UNKNOWN
}
