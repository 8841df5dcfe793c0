package org.fusionexchange.alert.rest;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.AlertService;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.alert.service.StreamFilter;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One SSE connection. It listens to live alerts first (buffering them), replays from the database every alert after
 * the client's last event id, then sends the buffered and live alerts whose sequence number is greater than the
 * last one sent: no gap, no duplicate. Its buffer is bounded: a client too slow to keep up is disconnected (it
 * resumes with Last-Event-ID) instead of slowing the feed, routing or other clients.
 */
final class AlertStreamConnection implements LiveAlerts.Listener {

    private static final Logger LOG = Logger.getLogger(AlertStreamConnection.class);
    private static final Object HEARTBEAT = new Object();
    static final String EVENT_NAME = "alert";

    private final String agency;
    private final String analyst;
    private final StreamFilter filter;
    private final SseEventSink sink;
    private final Sse sse;
    private final ObjectMapper json;
    private final LiveAlerts liveAlerts;
    private final ArrayBlockingQueue<Object> queue;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean live;
    private volatile boolean overflowed;
    private volatile long lastSeq;

    AlertStreamConnection(String agency, String analyst, StreamFilter filter, SseEventSink sink, Sse sse,
            ObjectMapper json, LiveAlerts liveAlerts, int bufferSize) {
        this.agency = agency;
        this.analyst = analyst;
        this.filter = filter;
        this.sink = sink;
        this.sse = sse;
        this.json = json;
        this.liveAlerts = liveAlerts;
        this.queue = new ArrayBlockingQueue<>(bufferSize);
    }

    /** Registers for live alerts, replays after {@code lastEventId} (none: live only), then goes live. */
    void open(Long lastEventId, AlertService alerts, int pageSize) {
        liveAlerts.register(this);
        LOG.infof("Stream opened for %s of %s after event %s", analyst, agency, lastEventId);
        try {
            sink.send(sse.newEventBuilder().comment("alerts of " + agency).build()).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            if (lastEventId != null) {
                lastSeq = lastEventId;
                do {
                    overflowed = false;
                    queue.clear();
                    replay(alerts, pageSize);
                } while (overflowed);
            }
            live = true;
            pump();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close("interrupted during replay");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            close("replay failed: " + e);
        }
    }

    private void replay(AlertService alerts, int pageSize) throws InterruptedException, ExecutionException,
            TimeoutException {
        List<Alert> page;
        do {
            page = alerts.after(agency, lastSeq, pageSize);
            for (Alert alert : page) {
                if (closed.get()) {
                    return;
                }
                if (filter.matches(alert)) {
                    sink.send(event(alert)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
                lastSeq = alert.seq();
            }
        } while (page.size() == pageSize);
    }

    @Override
    public String agency() {
        return agency;
    }

    @Override
    public void onAlert(Alert alert) {
        if (closed.get() || !filter.matches(alert)) {
            return;
        }
        if (sink.isClosed()) {
            close("client gone");
            return;
        }
        if (!queue.offer(alert)) {
            if (live) {
                close("client too slow, buffer of " + (queue.size()) + " full");
            } else {
                // the database has it: the replay runs again
                overflowed = true;
            }
            return;
        }
        if (live) {
            pump();
        }
    }

    @Override
    public void onHeartbeat() {
        if (sink.isClosed()) {
            close("client gone");
        } else if (live && queue.offer(HEARTBEAT)) {
            pump();
        }
    }

    private void pump() {
        if (sending.compareAndSet(false, true)) {
            drain();
        }
    }

    /** Sends queued events one at a time; runs while this connection holds {@code sending}. */
    private void drain() {
        while (!closed.get()) {
            Object next = queue.poll();
            if (next == null) {
                sending.set(false);
                if (queue.isEmpty() || !sending.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            OutboundSseEvent event = toEvent(next);
            if (event == null) {
                continue;
            }
            CompletableFuture<?> sent = sink.send(event).toCompletableFuture();
            if (!sent.isDone()) {
                sent.whenComplete((v, error) -> {
                    if (error != null) {
                        close("send failed: " + error.getMessage());
                    } else {
                        drain();
                    }
                });
                return;
            }
            if (sent.isCompletedExceptionally()) {
                close("send failed");
                return;
            }
        }
    }

    private OutboundSseEvent toEvent(Object next) {
        if (next == HEARTBEAT) {
            return sse.newEventBuilder().comment("heartbeat").build();
        }
        Alert alert = (Alert) next;
        if (alert.seq() <= lastSeq) {
            return null;
        }
        lastSeq = alert.seq();
        return event(alert);
    }

    private OutboundSseEvent event(Alert alert) {
        try {
            return sse.newEventBuilder().id(Long.toString(alert.seq())).name(EVENT_NAME)
                    .data(String.class, json.writeValueAsString(alert.withoutAcknowledgement())).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Alert " + alert.id() + " cannot be written", e);
        }
    }

    void close(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        liveAlerts.unregister(this);
        queue.clear();
        LOG.infof("Stream of %s of %s closed after event %d: %s", analyst, agency, lastSeq, why);
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debugf("Closing the stream of %s: %s", agency, e.getMessage());
        }
    }
}
