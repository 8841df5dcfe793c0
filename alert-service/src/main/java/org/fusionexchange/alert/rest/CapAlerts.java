package org.fusionexchange.alert.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AlertService;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The caller agency's alerts as CAP 1.2 XML. An Update's or Cancel's {@code references} name the earlier alerts by
 * their sender and {@code sent} too, which the alert itself does not carry: they are read from the recipient's own
 * alerts, never another agency's, and kept in a small cache (alerts do not change once stored).
 */
@ApplicationScoped
public class CapAlerts {

    private static final Logger LOG = Logger.getLogger(CapAlerts.class);
    /** How often a live alert's references are looked for again while the projection has not stored them yet. */
    private static final Duration PROJECTION_POLL = Duration.ofMillis(20);

    private record Key(String agency, UUID id) {
    }

    private final AlertService alerts;
    private final CapConfig config;
    private final Cache<Key, Alert> earlier = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    public CapAlerts(AlertService alerts, CapConfig config) {
        this.alerts = alerts;
        this.config = config;
    }

    /**
     * The alert as CAP XML, read now: an alert in the database has its earlier alerts there too (the projection
     * stores a recipient's alerts in order). A reference that cannot be found all the same is left out, and logged.
     */
    public String xml(String agency, Alert alert) {
        Map<UUID, Alert> found = referenced(agency, alert);
        if (found.size() < alert.references().size()) {
            LOG.warnf("Alert %s of %s refers to alerts not stored: %s of %s found", alert.id(), agency, found.size(),
                    alert.references().size());
        }
        return CapXmlWriter.write(CapAlert.of(alert, found, config.senderId()));
    }

    /**
     * The alert as CAP XML once every alert it refers to can be read: a live alert can arrive before the projection
     * stored the earlier alerts of its recipient. Looks on {@code executor}, again every 20 ms for up to {@code wait};
     * after that the future fails.
     */
    CompletableFuture<String> xmlOnceStored(String agency, Alert alert, Executor executor,
            ScheduledExecutorService timer, Duration wait) {
        if (alert.references().isEmpty()) {
            return CompletableFuture.completedFuture(CapXmlWriter.write(CapAlert.of(alert, Map.of(),
                    config.senderId())));
        }
        CompletableFuture<String> xml = new CompletableFuture<>();
        attempt(agency, alert, executor, timer, Instant.now().plus(wait), xml);
        return xml;
    }

    private void attempt(String agency, Alert alert, Executor executor, ScheduledExecutorService timer,
            Instant until, CompletableFuture<String> xml) {
        executor.execute(() -> {
            try {
                Map<UUID, Alert> found = referenced(agency, alert);
                if (found.size() == alert.references().size()) {
                    xml.complete(CapXmlWriter.write(CapAlert.of(alert, found, config.senderId())));
                } else if (Instant.now().isAfter(until)) {
                    xml.completeExceptionally(new IllegalStateException("the alerts that alert " + alert.id()
                            + " refers to are still not stored"));
                } else {
                    timer.schedule(() -> attempt(agency, alert, executor, timer, until, xml),
                            PROJECTION_POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException e) {
                xml.completeExceptionally(e);
            }
        });
    }

    /** The alerts this one refers to that are stored, by id: the recipient's own only. */
    private Map<UUID, Alert> referenced(String agency, Alert alert) {
        Map<UUID, Alert> found = new HashMap<>();
        for (UUID id : alert.references()) {
            Key key = new Key(agency, id);
            Alert known = earlier.getIfPresent(key);
            if (known == null) {
                Optional<Alert> stored = QuarkusTransaction.joiningExisting().call(() -> alerts.find(agency, id));
                if (stored.isPresent()) {
                    known = stored.get().withoutAcknowledgement();
                    earlier.put(key, known);
                }
            }
            if (known != null) {
                found.put(id, known);
            }
        }
        return found;
    }
}
