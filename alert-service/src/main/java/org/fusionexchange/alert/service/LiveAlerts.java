package org.fusionexchange.alert.service;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opentelemetry.context.Context;

/**
 * The live alerts of this instance, fanned out to its local listeners (SSE connections) by recipient agency.
 * Listeners must not block: each one buffers and sends on its own.
 */
@ApplicationScoped
public class LiveAlerts {

    private static final Logger LOG = Logger.getLogger(LiveAlerts.class);

    /** A local consumer of one agency's live alerts. */
    public interface Listener {
        String agency();

        /**
         * A live alert, with its JSON as published when known (null: the listener writes it), and the sampled trace
         * its record carried (null: not traced).
         */
        void onAlert(LiveAlert alert, Context trace);

        void onHeartbeat();

        /** Ends the listener's stream if its client has gone (the connection closed), giving its place back. */
        void checkClient();

        /** Ends the listener's stream (its agency was suspended); it unregisters itself. */
        void end(String why);
    }

    private final ConcurrentHashMap<String, Set<Listener>> byAgency = new ConcurrentHashMap<>();
    /**
     * The sequence number of each agency's last alert the feed has numbered, sent live or (before the feed caught up)
     * only numbered, whether or not anyone listened.
     */
    private final ConcurrentHashMap<String, Long> lastPublished = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    public void register(Listener listener) {
        byAgency.computeIfAbsent(listener.agency(), a -> ConcurrentHashMap.newKeySet()).add(listener);
    }

    public void unregister(Listener listener) {
        Set<Listener> listeners = byAgency.get(listener.agency());
        if (listeners != null) {
            listeners.remove(listener);
        }
    }

    public void publish(Alert alert) {
        publish(LiveAlert.of(alert), null);
    }

    /**
     * An alert with its JSON as it was published, which every stream sends as it is instead of writing it again, and
     * the sampled trace its record carried (null: not traced), which each stream's delivery goes on with.
     */
    public void publish(LiveAlert alert, Context trace) {
        lastPublished.merge(alert.recipient(), alert.seq(), Math::max);
        Set<Listener> listeners = byAgency.get(alert.recipient());
        if (listeners != null) {
            for (Listener listener : listeners) {
                try {
                    listener.onAlert(alert, trace);
                } catch (RuntimeException e) {
                    // one stream's failure is its own: the agency's other streams still get the alert
                    LOG.errorf(e, "A live stream of %s failed on alert %d", alert.recipient(), alert.seq());
                }
            }
        }
    }

    /** An alert that was on the topic before this instance started: numbered, but sent to no one live. */
    public void numbered(String agency, long seq) {
        lastPublished.merge(agency, seq, Math::max);
    }

    /**
     * True once the feed has numbered everything the topic held when it started (false until then, and in a
     * {@code LiveAlerts} no feed told): before that, {@link #lastPublished} may still rise without any alert being
     * sent, so a resumed stream must not go live on it.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    public void caughtUp(boolean caughtUp) {
        this.caughtUp = caughtUp;
    }

    /**
     * The sequence number of the agency's last alert numbered here (0: none since this instance started), sent live
     * or only numbered. A stream that registers after it finds it in the database, once the projection has it.
     */
    public long lastPublished(String agency) {
        return lastPublished.getOrDefault(agency, 0L);
    }

    /**
     * Ends the agency's local streams whose clients have gone. A stream otherwise notices at its next alert or
     * heartbeat: a console reloaded a few times in a row would find its analyst's places still taken.
     */
    public void checkClients(String agency) {
        Set<Listener> listeners = byAgency.get(agency);
        if (listeners != null) {
            List.copyOf(listeners).forEach(Listener::checkClient);
        }
    }

    /** Ends every local stream of an agency, such as when it is suspended. */
    public void endAgency(String agency, String why) {
        Set<Listener> listeners = byAgency.get(agency);
        if (listeners != null) {
            List.copyOf(listeners).forEach(l -> l.end(why));
        }
    }

    public int listeners(String agency) {
        Set<Listener> listeners = byAgency.get(agency);
        return listeners == null ? 0 : listeners.size();
    }

    /**
     * Every stream's heartbeat. It never throws: it runs on a timer, which would cancel its later runs, for every
     * stream of the instance, at the first exception.
     */
    public void heartbeat() {
        byAgency.values().forEach(listeners -> listeners.forEach(listener -> {
            try {
                listener.onHeartbeat();
            } catch (RuntimeException e) {
                LOG.errorf(e, "A live stream's heartbeat failed");
            }
        }));
    }

    public int listeners() {
        return byAgency.values().stream().mapToInt(Set::size).sum();
    }
}
