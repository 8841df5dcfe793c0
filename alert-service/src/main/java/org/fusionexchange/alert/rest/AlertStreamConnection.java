package org.fusionexchange.alert.rest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.LiveAlert;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.alert.service.StreamFilter;
import org.fusionexchange.alert.tracing.AlertTraces;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * One SSE connection. It listens to live alerts first (buffering them), replays from the database every alert after
 * the client's last event id, then sends the buffered and live alerts whose sequence number is greater than the
 * last one sent: no gap, no duplicate. The database is a projection of the alerts topic and may lag the live feed
 * (both read the topic on their own): the replay reads again until the projection has every alert before the first
 * one buffered, or, with none buffered, every alert the feed numbered before this stream registered, and, on an
 * instance whose feed is still numbering what the topic held when it started, until it has caught up. No thread
 * waits for the client: a replay page is read on a replay thread, and each send continues the replay when the client
 * has taken it (or closes the stream after {@code sendTimeout}). Its buffer is bounded: a client too slow to keep up
 * is disconnected (it resumes with Last-Event-ID) instead of slowing the feed, routing or other clients. The stream
 * ends when its token expires, and when its agency is suspended.
 */
final class AlertStreamConnection implements LiveAlerts.Listener {

    private static final Logger LOG = Logger.getLogger(AlertStreamConnection.class);
    private static final Object HEARTBEAT = new Object();

    /**
     * A live alert in the buffer, with its JSON as published (null: written when sent), and, when its record was
     * traced, the span of its delivery on this stream (null otherwise), from the moment it was buffered.
     */
    private record Live(LiveAlert alert, Span delivery) {
    }

    /** What became of a traced delivery that did not reach the client. */
    private static final AttributeKey<String> NOT_SENT = AttributeKey.stringKey("fusion.delivery.not-sent");
    static final String EVENT_NAME = "alert";
    /** How often a resumed stream looks again for alerts published but not yet projected, and for how long. */
    private static final Duration PROJECTION_POLL = Duration.ofMillis(20);
    /** Long enough for the projection to be taken over after an instance was killed (its group's session timeout). */
    static final Duration PROJECTION_WAIT = Duration.ofSeconds(60);

    /** What the connections of this instance share. */
    record Setup(LiveAlerts live, Executor replays, ScheduledExecutorService timer, Sse sse, ObjectMapper json,
            int bufferSize, int pageSize, Duration sendTimeout, AlertTraces traces) {
    }

    /** The agency's alerts after a sequence number, in sequence order, read from the database (blocking). */
    interface Replay {
        List<Alert> after(String agency, long seq, int limit);
    }

    /**
     * The data of an alert's event: its JSON, as published when known, or another format (CAP XML). It may complete
     * later, off the calling thread (a lookup), and must not block the caller; the events keep their order.
     */
    interface EventData {
        CompletableFuture<String> of(LiveAlert alert);
    }

    /**
     * Writes an event's frame (its {@code id}, {@code event} and {@code data} lines and the blank line after them) to
     * the client's connection as it is, after the stream's opening comment went through the sink: the completion says
     * the connection took it. It spares each event RESTEasy's serialisation (a lookup of the writers for a string,
     * and about six copies of the alert's JSON), which the live feed's thread ran for every alert and stream.
     */
    interface Frames {
        CompletableFuture<Void> write(byte[] frame);
    }

    private static final byte[] END_OF_EVENT = { '\n', '\n' };
    /** At most about this many bytes of frames in one write to the connection. */
    static final int BATCH_BYTES = 64 * 1024;
    /** A frame's bytes beside its data: {@code id:}, up to 20 digits, the event line, {@code data:}, a blank line. */
    private static final int FRAME_OVERHEAD = 48;

    private final String agency;
    private final String analyst;
    private final StreamFilter filter;
    private final SseEventSink sink;
    private final Setup setup;
    private final EventData data;
    /** Whether the events carry the alerts' JSON, which a live alert has as published. */
    private final boolean jsonData;
    /** Null: every event goes through the sink. */
    private final Frames frames;
    private final ArrayBlockingQueue<Object> queue;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Replay replay;
    private volatile Runnable onClose = () -> { };
    private volatile ScheduledFuture<?> expiry;
    private volatile boolean live;
    private volatile boolean overflowed;
    private volatile long lastSeq;
    private volatile Instant projectionWaitUntil;

    /** A stream of the alerts as JSON. */
    AlertStreamConnection(String agency, String analyst, StreamFilter filter, SseEventSink sink, Setup setup) {
        this(agency, analyst, filter, sink, setup, null);
    }

    /** A stream whose events carry {@code data} (null: the alerts' JSON), all of them sent through the sink. */
    AlertStreamConnection(String agency, String analyst, StreamFilter filter, SseEventSink sink, Setup setup,
            EventData data) {
        this(agency, analyst, filter, sink, setup, data, null);
    }

    /**
     * A stream whose events carry {@code data} (null: the alerts' JSON), written by {@code frames} (null: through the
     * sink) once the opening comment went through the sink.
     */
    AlertStreamConnection(String agency, String analyst, StreamFilter filter, SseEventSink sink, Setup setup,
            EventData data, Frames frames) {
        this.agency = agency;
        this.analyst = analyst;
        this.filter = filter;
        this.sink = sink;
        this.setup = setup;
        this.data = data != null ? data : this::json;
        this.jsonData = data == null;
        this.frames = frames;
        this.queue = new ArrayBlockingQueue<>(setup.bufferSize());
    }

    /**
     * Registers for live alerts, then, without waiting, sends the opening comment, replays after {@code lastEventId}
     * (none: live only) and goes live; the stream ends at {@code expiresAt}. {@code onClose} runs once it closed.
     */
    void open(Long lastEventId, Replay source, Instant expiresAt, Runnable whenClosed) {
        this.replay = source;
        this.onClose = whenClosed;
        setup.live().register(this);
        LOG.infof("Stream opened for %s of %s after event %s, until %s", analyst, agency, lastEventId, expiresAt);
        long untilExpiry = Duration.between(Instant.now(), expiresAt).toMillis();
        expiry = setup.timer().schedule(() -> close("token expired"), Math.max(0, untilExpiry),
                TimeUnit.MILLISECONDS);
        timed(sink.send(setup.sse().newEventBuilder().comment("alerts of " + agency).build()).toCompletableFuture())
                .whenComplete((v, error) -> {
                    if (error != null) {
                        close("opening failed: " + error);
                    } else if (lastEventId == null) {
                        // from now on: every alert buffered since the stream registered, and nothing before
                        becomeLive();
                    } else {
                        lastSeq = lastEventId;
                        replayFromLastSent();
                    }
                });
    }

    /** (Again) from the last alert sent: the live alerts buffered meanwhile are in the database too. */
    private void replayFromLastSent() {
        synchronized (this) {
            overflowed = false;
            queue.clear();
        }
        setup.replays().execute(this::nextPage);
    }

    private void nextPage() {
        if (closed.get()) {
            return;
        }
        List<Alert> page;
        try {
            page = replay.after(agency, lastSeq, setup.pageSize());
        } catch (RuntimeException e) {
            close("replay failed: " + e);
            return;
        }
        if (!page.isEmpty()) {
            projectionWaitUntil = null;
        }
        sendPage(page, 0);
    }

    /** Sends the page from {@code index}; when a send does not complete at once, its completion goes on. */
    private void sendPage(List<Alert> page, int index) {
        for (int i = index; i < page.size(); i++) {
            if (closed.get()) {
                return;
            }
            Alert alert = page.get(i);
            if (!filter.matches(alert)) {
                lastSeq = alert.seq();
                continue;
            }
            CompletableFuture<?> sent = send(LiveAlert.of(alert), true);
            if (!sent.isDone()) {
                int next = i + 1;
                sent.whenComplete((v, error) -> {
                    if (error != null) {
                        close("replay send failed: " + error);
                    } else {
                        lastSeq = alert.seq();
                        sendPage(page, next);
                    }
                });
                return;
            }
            if (sent.isCompletedExceptionally()) {
                close("replay send failed");
                return;
            }
            lastSeq = alert.seq();
        }
        if (page.size() == setup.pageSize()) {
            setup.replays().execute(this::nextPage);
        } else if (overflowed) {
            replayFromLastSent();
        } else {
            goLive();
        }
    }

    private void goLive() {
        // the head first: an alert the feed publishes after it was read is buffered, or raises lastPublished
        long needed = queue.peek() instanceof Live first ? first.alert().seq() - 1
                : setup.live().lastPublished(agency);
        if (lastSeq < needed || !setup.live().caughtUp()) {
            // alerts up to the first buffered, or to the last published, are on the alerts topic but not yet in the
            // projection, or the feed is still numbering what the topic held when it started (the last published may
            // still rise, and those alerts are never sent live): read the database again shortly, the buffer kept
            if (projectionWaitUntil == null) {
                projectionWaitUntil = Instant.now().plus(PROJECTION_WAIT);
            } else if (Instant.now().isAfter(projectionWaitUntil)) {
                close("the database is more than " + PROJECTION_WAIT.toSeconds() + " s behind the alerts topic");
                return;
            }
            setup.timer().schedule(() -> setup.replays().execute(this::nextPage), PROJECTION_POLL.toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        }
        projectionWaitUntil = null;
        becomeLive();
    }

    private void becomeLive() {
        synchronized (this) {
            // with onAlert: an alert that found the buffer full is either seen here, or finds the stream live
            if (!overflowed) {
                live = true;
            }
        }
        if (!live) {
            // an alert found the buffer full just before: the client resumes from the database
            close("buffer full before the stream went live");
            return;
        }
        pump();
    }

    /** A send that the client has not taken within the send timeout fails. */
    private <T> CompletableFuture<T> timed(CompletableFuture<T> send) {
        return send.isDone() ? send
                : send.copy().orTimeout(setup.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String agency() {
        return agency;
    }

    @Override
    public void onAlert(LiveAlert alert, Context trace) {
        if (closed.get() || !filter.matches(alert)) {
            return;
        }
        if (sink.isClosed()) {
            close("client gone");
            return;
        }
        Span delivery = trace == null ? null : setup.traces().internal("deliver alert", trace)
                .setAttribute(AlertTraces.RECIPIENT, agency).setAttribute(AlertTraces.SEQ, alert.seq())
                .setAttribute(AlertTraces.ALERT, String.valueOf(alert.id())).startSpan();
        if (!queue.offer(new Live(alert, delivery))) {
            notSent(delivery, "buffer full");
            synchronized (this) {
                if (!live) {
                    // the database has it: the replay runs again
                    overflowed = true;
                    return;
                }
            }
            close("client too slow, buffer of " + queue.size() + " full");
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

    @Override
    public void checkClient() {
        if (sink.isClosed()) {
            close("client gone");
        }
    }

    @Override
    public void end(String why) {
        close(why);
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
            if (closed.get()) {
                // closed since the loop's check: nothing more is sent, so the client resumes from what it has
                if (next instanceof Live buffered) {
                    notSent(buffered.delivery(), "stream closed");
                }
                return;
            }
            CompletableFuture<?> sent;
            if (next == HEARTBEAT) {
                sent = heartbeat();
            } else {
                Live buffered = (Live) next;
                if (buffered.alert().seq() <= lastSeq) {
                    notSent(buffered.delivery(), "sent before, by the replay");
                    continue;
                }
                lastSeq = buffered.alert().seq();
                if (framedAsPublished(buffered.alert()) && queue.peek() instanceof Live) {
                    sent = writeFramesFrom(buffered);
                } else {
                    sent = send(buffered.alert(), false);
                    endWhenSent(buffered.delivery(), sent);
                }
            }
            if (!sent.isDone()) {
                // a client that takes nothing for the send timeout is closed, live or not: a quiet agency's stream
                // would otherwise queue heartbeats behind the pending write for hours, holding its places
                timed(sent).whenComplete((v, error) -> {
                    if (error != null) {
                        close("send failed: " + (error instanceof java.util.concurrent.TimeoutException
                                ? "not taken within " + setup.sendTimeout() : error.getMessage()));
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

    /**
     * A heartbeat comment. A client may go between the check that its sink is open and this send, and RESTEasy then
     * throws: that fails the send, which closes the stream, and never escapes to the thread that sent it (the feed's,
     * or the heartbeat timer's, whose later runs an exception would cancel for every stream of the instance).
     */
    private CompletableFuture<?> heartbeat() {
        try {
            return sink.send(setup.sse().newEventBuilder().comment("heartbeat").build()).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends the alert's event once its data is there; {@code timed}: the client must take it within the send
     * timeout (the time the data takes does not count).
     */
    private CompletableFuture<?> send(LiveAlert alert, boolean timed) {
        if (framedAsPublished(alert)) {
            // a live alert's JSON as published, in the frame as it is
            CompletableFuture<Void> sent = write(frame(alert.seq(), alert.publishedBytes()));
            return timed ? timed(sent) : sent;
        }
        CompletableFuture<String> written;
        try {
            written = data.of(alert);
        } catch (RuntimeException e) {
            // an alert that cannot be written (or bound, for CAP) fails its send, which closes the stream
            written = CompletableFuture.failedFuture(e);
        }
        return written.thenCompose(text -> {
            CompletableFuture<Object> sent;
            byte[] bytes = frames == null ? null : text.getBytes(StandardCharsets.UTF_8);
            if (bytes != null && oneLine(bytes)) {
                sent = write(frame(alert.seq(), bytes)).thenApply(v -> v);
            } else {
                // several lines (never from this service's JSON or CAP writers) are split by RESTEasy's serialisation
                OutboundSseEvent event = setup.sse().newEventBuilder().id(Long.toString(alert.seq())).name(EVENT_NAME)
                        .data(String.class, text).build();
                sent = sink.send(event).toCompletableFuture().thenApply(v -> v);
            }
            return timed ? timed(sent) : sent;
        });
    }

    /** Whether the alert's event is its JSON as published, written to the connection in a frame as it is. */
    private boolean framedAsPublished(LiveAlert alert) {
        byte[] published = alert.publishedBytes();
        return frames != null && jsonData && published != null && oneLine(published);
    }

    /**
     * Writes the frame of {@code first} together with those of the live alerts queued right behind it (a lone alert
     * goes through {@link #send} as before) whose events
     * are their JSON as published, up to {@value #BATCH_BYTES} bytes: a burst (a busy commit's alerts) goes out in
     * one write, one chunk and one flush, instead of one write and one round through the connection's event loop an
     * alert (deploy/bench/README.md, session 39). Runs while this connection holds {@code sending}, the only thread
     * that takes from the queue.
     */
    private CompletableFuture<Void> writeFramesFrom(Live first) {
        byte[] published = first.alert().publishedBytes();
        // grown as frames come, up to about BATCH_BYTES: a batch of two costs no 64 KiB array
        ByteArrayOutputStream batch = new ByteArrayOutputStream(
                Math.min(BATCH_BYTES, 4 * (published.length + FRAME_OVERHEAD)));
        List<Span> deliveries = new ArrayList<>();
        appendFrame(batch, first.alert().seq(), published);
        addDelivery(deliveries, first);
        while (batch.size() < BATCH_BYTES && queue.peek() instanceof Live more && framedAsPublished(more.alert())) {
            Object taken = queue.poll();
            if (taken != more || closed.get()) {
                // closed since the peek: close() took what was queued, and an alert offered after it must not follow
                // the frames so far with a gap before it; the client resumes from what it has
                if (taken instanceof Live dropped) {
                    notSent(dropped.delivery(), "stream closed");
                }
                break;
            }
            if (more.alert().seq() <= lastSeq) {
                notSent(more.delivery(), "sent before, by the replay");
                continue;
            }
            lastSeq = more.alert().seq();
            appendFrame(batch, more.alert().seq(), more.alert().publishedBytes());
            addDelivery(deliveries, more);
        }
        CompletableFuture<Void> sent = write(batch.toByteArray());
        deliveries.forEach(delivery -> endWhenSent(delivery, sent));
        return sent;
    }

    private static void addDelivery(List<Span> deliveries, Live live) {
        if (live.delivery() != null) {
            deliveries.add(live.delivery());
        }
    }

    /** Ends a traced delivery's span once its send completed, in error if it failed. */
    private static void endWhenSent(Span delivery, CompletableFuture<?> sent) {
        if (delivery != null) {
            sent.whenComplete((v, error) -> {
                if (error != null) {
                    delivery.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
                }
                delivery.end();
            });
        }
    }

    private CompletableFuture<Void> write(byte[] frame) {
        try {
            return frames.write(frame);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // the connection is gone
        }
    }

    /**
     * An event's frame as RESTEasy writes it ({@code SseUtil}): {@code id:}, {@code event:} and {@code data:} lines,
     * then a blank line; {@code data} must be one line.
     */
    static byte[] frame(long seq, byte[] data) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(data.length + FRAME_OVERHEAD);
        appendFrame(frame, seq, data);
        return frame.toByteArray();
    }

    private static void appendFrame(ByteArrayOutputStream out, long seq, byte[] data) {
        out.writeBytes(("id:" + seq + "\nevent:" + EVENT_NAME + "\ndata:").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes(END_OF_EVENT);
    }

    /** Whether the text holds no line break: a line feed or a carriage return would end the data line early. */
    static boolean oneLine(byte[] text) {
        for (byte b : text) {
            if (b == '\n' || b == '\r') {
                return false;
            }
        }
        return true;
    }

    private static void notSent(Span delivery, String why) {
        if (delivery != null) {
            delivery.setAttribute(NOT_SENT, why);
            delivery.end();
        }
    }

    /** The alert's JSON as published, or written now when not known. */
    private CompletableFuture<String> json(LiveAlert alert) {
        if (alert.json() != null) {
            return CompletableFuture.completedFuture(alert.json());
        }
        try {
            return CompletableFuture.completedFuture(
                    setup.json().writeValueAsString(alert.alert().withoutAcknowledgement()));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("Alert " + alert.id() + " cannot be written", e));
        }
    }

    boolean closed() {
        return closed.get();
    }

    void close(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        setup.live().unregister(this);
        // what was buffered is not sent: a traced delivery's span still ends, saying so. Taken in one step (the
        // queue's lock held throughout): taken one by one, a drain running on another thread could take the next
        // after this took the first, and send it with a gap before it (CI saw 8700, then 8702, 2026-12-06)
        List<Object> left = new ArrayList<>(queue.size());
        queue.drainTo(left);
        for (Object item : left) {
            if (item instanceof Live buffered) {
                notSent(buffered.delivery(), "stream closed: " + why);
            }
        }
        ScheduledFuture<?> timer = expiry;
        if (timer != null) {
            timer.cancel(false);
        }
        onClose.run();
        LOG.infof("Stream of %s of %s closed after event %d: %s", analyst, agency, lastSeq, why);
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debugf("Closing the stream of %s: %s", agency, e.getMessage());
        }
    }
}
