package org.fusionexchange.alert.messaging;

import java.time.Instant;

import org.fusionexchange.alert.service.SpikeRules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A value of the {@code directory.counties} topic (directory-service/contracts/directory.counties): a county's own
 * spike thresholds, or null for the defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CountySettings(String county, Thresholds spikeThresholds, Long version, Instant updatedAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Thresholds(@JsonProperty("PT1H") Integer hour, @JsonProperty("PT6H") Integer sixHours,
            @JsonProperty("PT24H") Integer day) {
    }

    /** What is missing or wrong for this record to be applied, or null. */
    String defect() {
        if (county == null || !SpikeRules.isCounty(county)) {
            return "county is missing or not a county code";
        }
        if (version == null) {
            return "version is missing";
        }
        if (spikeThresholds != null && (spikeThresholds.hour() == null || spikeThresholds.sixHours() == null
                || spikeThresholds.day() == null || spikeThresholds.hour() < 1 || spikeThresholds.sixHours() < 1
                || spikeThresholds.day() < 1)) {
            return "spikeThresholds must give PT1H, PT6H and PT24H, each at least 1";
        }
        return null;
    }

    /** The thresholds to apply: the county's own, or null for the defaults. */
    SpikeRules.Thresholds thresholds() {
        return spikeThresholds == null ? null
                : new SpikeRules.Thresholds(spikeThresholds.hour(), spikeThresholds.sixHours(), spikeThresholds.day());
    }
}
