package org.fusionexchange.directory.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.messaging.CountyOutbox;
import org.fusionexchange.directory.repository.CountySpikeThresholdsEntity;
import org.fusionexchange.directory.repository.CountySpikeThresholdsRepository;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * Counties' own spike thresholds, set by administrators, reachable without HTTP. Every committed change writes the
 * county's settings to the outbox (directory.counties) in the same transaction, and is logged with who made it.
 */
@ApplicationScoped
@Transactional
public class CountyService {

    private static final Logger LOG = Logger.getLogger(CountyService.class);

    private final CountySpikeThresholdsRepository counties;
    private final CountyOutbox outbox;
    private final Event<DirectoryChanged> changed;

    public CountyService(CountySpikeThresholdsRepository counties, CountyOutbox outbox,
            Event<DirectoryChanged> changed) {
        this.counties = counties;
        this.outbox = outbox;
        this.changed = changed;
    }

    /** What a PUT did: the stored override, and whether the county had the defaults before. */
    public record Change(CountyOverride override, boolean created) {
    }

    /** The county's own thresholds; empty when it has the defaults. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CountyOverride> find(String county) {
        CountyRules.requireCounty(county);
        return counties.findByIdOptional(county).filter(CountySpikeThresholdsEntity::overridden)
                .map(CountyOverride::from);
    }

    /** The county's own thresholds; NotFound when it has the defaults. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public CountyOverride get(String county) {
        return find(county).orElseThrow(() -> DirectoryException.NotFound.countyOverride(county));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CountyOverride> list(int page, int size) {
        return counties.overrides(page, size).stream().map(CountyOverride::from).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count() {
        return counties.countOverrides();
    }

    /**
     * Gives the county its own thresholds. The caller names the version of the override it read, or null when it
     * read none (the county had the defaults); a change meanwhile is refused rather than silently overwritten.
     */
    public Change set(String county, SpikeThresholds thresholds, Long expectedVersion, String actor) {
        CountyRules.requireCounty(county);
        Optional<CountySpikeThresholdsEntity> row = counties.findForUpdate(county);
        Long current = currentVersion(row);
        if (!Objects.equals(current, expectedVersion)) {
            throw DirectoryException.StaleVersion.county(county, current);
        }
        CountySpikeThresholdsEntity entity = row.orElseGet(() -> {
            CountySpikeThresholdsEntity fresh = new CountySpikeThresholdsEntity();
            fresh.countyCode = county;
            fresh.version = 0;
            return fresh;
        });
        entity.pt1h = thresholds.hour();
        entity.pt6h = thresholds.sixHours();
        entity.pt24h = thresholds.day();
        entity.stamp(actor);
        if (row.isEmpty()) {
            try {
                counties.persist(entity);
                counties.flush();
            } catch (ConstraintViolationException e) {
                // overridden by a concurrent request since the read above
                throw DirectoryException.StaleVersion.county(county, null);
            }
        }
        return new Change(committed(entity, actor), current == null);
    }

    /**
     * Returns the county to the defaults, published as settings with no thresholds. The caller may name the version
     * it read (null: whatever is current). NotFound when the county has the defaults already: nothing is published.
     */
    public void reset(String county, Long expectedVersion, String actor) {
        CountyRules.requireCounty(county);
        Optional<CountySpikeThresholdsEntity> row = counties.findForUpdate(county);
        Long current = currentVersion(row);
        if (current == null) {
            throw DirectoryException.NotFound.countyOverride(county);
        }
        if (expectedVersion != null && !expectedVersion.equals(current)) {
            throw DirectoryException.StaleVersion.county(county, current);
        }
        CountySpikeThresholdsEntity entity = row.orElseThrow();
        entity.pt1h = null;
        entity.pt6h = null;
        entity.pt24h = null;
        entity.stamp(actor);
        committed(entity, actor);
    }

    private static Long currentVersion(Optional<CountySpikeThresholdsEntity> row) {
        return row.filter(CountySpikeThresholdsEntity::overridden).map(e -> e.version).orElse(null);
    }

    private CountyOverride committed(CountySpikeThresholdsEntity entity, String actor) {
        CountyOverride result = CountyOverride.from(entity);
        outbox.enqueue(result);
        changed.fire(new DirectoryChanged(null));
        if (entity.overridden()) {
            LOG.infof("County %s spike thresholds set to PT1H=%d PT6H=%d PT24H=%d by %s (version %d)",
                    entity.countyCode, entity.pt1h, entity.pt6h, entity.pt24h, actor, entity.version);
        } else {
            LOG.infof("County %s spike thresholds returned to the defaults by %s (version %d)", entity.countyCode,
                    actor, entity.version);
        }
        return result;
    }
}
