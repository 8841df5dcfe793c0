package org.fusionexchange.alert.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.alert.repository.AlertRepository;
import org.jboss.logging.Logger;

/** An agency's alerts: listing, reading, acknowledging, and the replay of a stream. Never another agency's. */
@ApplicationScoped
@Transactional
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    private final AlertRepository alerts;

    public AlertService(AlertRepository alerts) {
        this.alerts = alerts;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Alert> find(String agency, UUID id) {
        return alerts.one(id, agency);
    }

    /** Records who acknowledged and when, once: acknowledging again changes nothing. */
    public Optional<Alert> acknowledge(String agency, String analyst, UUID id) {
        return alerts.findForRecipient(id, agency).map(alert -> {
            if (alert.acknowledgedAt == null) {
                alert.acknowledgedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                alert.acknowledgedBy = analyst;
                LOG.infof("Alert %s (report %s v%s) acknowledged by %s of %s", id, alert.reportId,
                        alert.reportVersion, analyst, agency);
                alerts.flush();
            }
            return alerts.one(id, agency).orElseThrow();
        });
    }

    /** The agency's alerts after a sequence number, in sequence order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Alert> after(String agency, long seq, int limit) {
        return alerts.after(agency, seq, limit);
    }
}
