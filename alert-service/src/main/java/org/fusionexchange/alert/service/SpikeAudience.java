package org.fusionexchange.alert.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fusionexchange.alert.config.AlertConfig;

/**
 * Who is alerted of a spike in a county, and at which counts (DOMAIN.md, fusion intelligence): the agencies that
 * routing's rule 1 selects for the county (other than task forces, covering the county or covered by it), the
 * agencies covering one of its neighbours, and the task forces covering the county with OVERDOSE in their focus;
 * never a suspended agency. The thresholds are the county's own when the directory sets them, else the defaults.
 */
@ApplicationScoped
public class SpikeAudience {

    static final String OVERDOSE = "OVERDOSE";

    private final DirectoryView directory;
    private final CountyAdjacency adjacency;
    private final SpikeRules.Thresholds defaults;
    private final Map<String, SpikeRules.Thresholds> overrides = new ConcurrentHashMap<>();

    @Inject
    public SpikeAudience(DirectoryView directory, CountyAdjacency adjacency, AlertConfig config) {
        this(directory, adjacency, new SpikeRules.Thresholds(config.spikes().oneHourThreshold(),
                config.spikes().sixHourThreshold(), config.spikes().dayThreshold()));
    }

    /** With default thresholds given, not configured: for the steps' own tests. */
    public SpikeAudience(DirectoryView directory, CountyAdjacency adjacency, SpikeRules.Thresholds defaults) {
        this.directory = directory;
        this.adjacency = adjacency;
        this.defaults = defaults;
    }

    /** The recipients of a spike in the county, by agency code. */
    public List<String> recipients(String county) {
        List<String> neighbours = adjacency.neighbours(county);
        List<String> recipients = new ArrayList<>();
        directory.agencies().stream().filter(a -> !a.suspended()).sorted(Comparator.comparing(DirectoryAgency::code))
                .forEach(agency -> {
                    if (agency.taskForce()) {
                        if (agency.focus().contains(OVERDOSE) && agency.jurisdictions().stream()
                                .anyMatch(j -> JurisdictionCode.contains(j, county))) {
                            recipients.add(agency.code());
                        }
                    } else if (agency.jurisdictions().stream().anyMatch(j -> JurisdictionCode.contains(j, county)
                            || JurisdictionCode.contains(county, j)
                            || neighbours.stream().anyMatch(n -> JurisdictionCode.contains(j, n)))) {
                        recipients.add(agency.code());
                    }
                });
        return List.copyOf(recipients);
    }

    /** Why each recipient is alerted is always {@link Reason#SPIKE}; the county's neighbours, for the alert. */
    public List<String> neighbours(String county) {
        return adjacency.neighbours(county);
    }

    public SpikeRules.Thresholds thresholds(String county) {
        return overrides.getOrDefault(county, defaults);
    }

    /** A county's own thresholds from the directory; null goes back to the defaults. */
    public void override(String county, SpikeRules.Thresholds thresholds) {
        if (thresholds == null) {
            overrides.remove(county);
        } else {
            overrides.put(county, thresholds);
        }
    }
}
