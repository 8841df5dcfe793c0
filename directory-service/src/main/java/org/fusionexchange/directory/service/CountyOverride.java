package org.fusionexchange.directory.service;

import java.time.Instant;

import org.fusionexchange.directory.repository.CountySpikeThresholdsEntity;

/** A county's own settings as the directory shows them; spikeThresholds is null once it is back to the defaults. */
public record CountyOverride(String county, SpikeThresholds spikeThresholds, long version, Instant updatedAt) {

    static CountyOverride from(CountySpikeThresholdsEntity e) {
        SpikeThresholds thresholds = e.overridden() ? new SpikeThresholds(e.pt1h, e.pt6h, e.pt24h) : null;
        return new CountyOverride(e.countyCode, thresholds, e.version, e.updatedAt);
    }
}
