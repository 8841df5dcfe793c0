package org.fusionexchange.directory.messaging;

import java.time.Instant;

import org.fusionexchange.directory.service.CountyOverride;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The value of a directory.counties message, exactly as contracts/directory.counties/README.md documents it:
 * spikeThresholds null once the county is back to the defaults. Kept apart from the API model.
 */
public record CountySnapshot(String county, Thresholds spikeThresholds, long version, Instant updatedAt) {

    public record Thresholds(@JsonProperty("PT1H") int hour, @JsonProperty("PT6H") int sixHours,
            @JsonProperty("PT24H") int day) {
    }

    public static CountySnapshot of(CountyOverride c) {
        Thresholds thresholds = c.spikeThresholds() == null ? null
                : new Thresholds(c.spikeThresholds().hour(), c.spikeThresholds().sixHours(),
                        c.spikeThresholds().day());
        return new CountySnapshot(c.county(), thresholds, c.version(), c.updatedAt());
    }
}
