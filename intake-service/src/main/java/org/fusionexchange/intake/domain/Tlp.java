package org.fusionexchange.intake.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Traffic Light Protocol 2.0 handling marking. */
public enum Tlp {
    CLEAR, GREEN, AMBER, @JsonProperty("AMBER+STRICT") AMBER_STRICT, RED
}
