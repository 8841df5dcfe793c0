package org.fusionexchange.directory.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A county's own spike thresholds. A county returned to the defaults keeps its row, thresholds null, so that its
 * version keeps growing across overrides.
 */
@Entity
@Table(name = "county_spike_thresholds")
public class CountySpikeThresholdsEntity extends AdminSettingEntity {

    @Id
    @Column(name = "county_code")
    public String countyCode;

    /** All three set, or all three null (the defaults). */
    @Column(name = "pt1h")
    public Integer pt1h;

    @Column(name = "pt6h")
    public Integer pt6h;

    @Column(name = "pt24h")
    public Integer pt24h;

    /** Whether the county has thresholds of its own rather than the defaults. */
    public boolean overridden() {
        return pt1h != null;
    }
}
