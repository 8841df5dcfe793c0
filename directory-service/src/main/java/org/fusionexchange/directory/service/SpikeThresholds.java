package org.fusionexchange.directory.service;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A county's own overdose spike thresholds: the counts of overdoses in the last hour, 6 hours and 24 hours from
 * which alert-service raises a spike for the county. Named by their windows, as ISO-8601 durations.
 */
public record SpikeThresholds(@JsonProperty("PT1H") int hour, @JsonProperty("PT6H") int sixHours,
        @JsonProperty("PT24H") int day) {
}
