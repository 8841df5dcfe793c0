package org.fusionexchange.alert.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.alert.repository.AlertEntity;
import org.fusionexchange.alert.repository.AlertRepository;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.orm.panache.PanacheQuery;

/** An agency's alerts: listing, reading, acknowledging, and the replay of a stream. Never another agency's. */
@ApplicationScoped
@Transactional
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    /** One page of alerts and how many match in all. */
    public record Listing(List<Alert> items, long total) {
    }

    private final AlertRepository alerts;

    public AlertService(AlertRepository alerts) {
        this.alerts = alerts;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(AlertRepository.Filter filter, int page, int size) {
        PanacheQuery<AlertEntity> query = alerts.list(filter, page, size);
        return new Listing(query.list().stream().map(Alert::of).toList(), query.count());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Alert> find(String agency, UUID id) {
        return alerts.findForRecipient(id, agency).map(Alert::of);
    }

    /** Records who acknowledged and when, once: acknowledging again changes nothing. */
    public Optional<Alert> acknowledge(String agency, String analyst, UUID id) {
        return alerts.findForRecipient(id, agency).map(alert -> {
            if (alert.acknowledgedAt == null) {
                alert.acknowledgedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                alert.acknowledgedBy = analyst;
                LOG.infof("Alert %s (report %s v%d) acknowledged by %s of %s", id, alert.reportId,
                        alert.reportVersion, analyst, agency);
            }
            return Alert.of(alert);
        });
    }

    /** The agency's alerts after a sequence number, in sequence order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Alert> after(String agency, long seq, int limit) {
        return alerts.after(agency, seq, limit).stream().map(Alert::of).toList();
    }
}
