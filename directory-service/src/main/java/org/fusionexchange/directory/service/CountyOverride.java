package org.fusionexchange.directory.service;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.directory.repository.CountySpikeThresholdsEntity;

/** A county's own settings as the directory shows them; spikeThresholds is null once it is back to the defaults. */
public record CountyOverride(
        @Schema(required = true, pattern = CountyRules.COUNTY_PATTERN, maxLength = 11, example = "US-FL-12057")
        String county,
        SpikeThresholds spikeThresholds,
        @Schema(required = true, minimum = "1", maximum = "9223372036854775807") long version,
        @Schema(required = true, maxLength = 30, format = "date-time") Instant updatedAt) {

    static CountyOverride from(CountySpikeThresholdsEntity e) {
        SpikeThresholds thresholds = e.overridden() ? new SpikeThresholds(e.pt1h, e.pt6h, e.pt24h) : null;
        return new CountyOverride(e.countyCode, thresholds, e.version, e.updatedAt);
    }
}
