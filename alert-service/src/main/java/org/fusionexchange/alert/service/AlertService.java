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

/** An agency's alerts: listing, reading, acknowledging, and the replay of a stream. Never another agency's. */
@ApplicationScoped
@Transactional
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    /** One page of alerts, how many match in all (when cheap to say), and the seq after which the next starts. */
    public record Listing(List<AlertRepository.Listed> items, Long total, Long next) {
    }

    private final AlertRepository alerts;

    public AlertService(AlertRepository alerts) {
        this.alerts = alerts;
    }

    /**
     * A page of the recipient's alerts, newest first: {@code size} alerts numbered below {@code after} (a cursor
     * page, O(size) on the index (recipient, seq)) or, when {@code page} is given, the page-th page of that size with
     * the count of all matching (O(n), the older way). Without filters the total of a cursor page is the recipient's
     * last number: alerts are numbered 1, 2, 3, ... without gaps and never deleted.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(AlertRepository.Filter filter, Long after, Integer page, int size) {
        int offset = page == null ? 0 : page * size;
        List<AlertRepository.Listed> rows = alerts.page(filter, after, offset, size + 1);
        Long next = rows.size() > size ? rows.get(size - 1).seq() : null;
        List<AlertRepository.Listed> items = rows.size() > size ? rows.subList(0, size) : rows;
        Long total;
        if (page != null) {
            total = alerts.count(filter);
        } else if (filter.unfiltered() && after == null) {
            // the newest alert's number: numbers have no gaps and alerts are kept
            total = rows.isEmpty() ? 0 : rows.get(0).seq();
        } else if (filter.unfiltered()) {
            total = alerts.lastSeq(filter.recipient());
        } else {
            total = null;
        }
        return new Listing(items, total, next);
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
