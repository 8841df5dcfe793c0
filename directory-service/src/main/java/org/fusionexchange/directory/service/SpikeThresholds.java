package org.fusionexchange.directory.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A county's own overdose spike thresholds: the counts of overdoses in the last hour, 6 hours and 24 hours from
 * which alert-service raises a spike for the county. Named by their windows, as ISO-8601 durations.
 */
@Schema(description = "Each window's threshold, an integer from 1 to 10000; all three, nothing else")
public record SpikeThresholds(
        @Schema(required = true, minimum = "1", maximum = "10000") @JsonProperty("PT1H") int hour,
        @Schema(required = true, minimum = "1", maximum = "10000") @JsonProperty("PT6H") int sixHours,
        @Schema(required = true, minimum = "1", maximum = "10000") @JsonProperty("PT24H") int day) {
}
