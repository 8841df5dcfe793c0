package org.fusionexchange.alert.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;
import org.fusionexchange.alert.service.StreamFilter;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The buffer of one SSE connection, without HTTP: a client whose sends stop completing (its socket is full) is
 * disconnected once its buffer is full, and neither it nor its full buffer holds back the feed or another client.
 */
class AlertStreamConnectionTest {

    private static final int BUFFER = 5;
    private final LiveAlerts live = new LiveAlerts();
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aClientWhoseSendsStopCompletingIsDisconnectedWhenItsBufferIsFull() {
        Sink stalled = new Sink();
        Sink reading = new Sink();
        open(stalled);
        open(reading);
        assertEquals(2, live.listeners());

        stalled.stall();
        for (long seq = 1; seq <= 20; seq++) {
            // the feed's thread: it must never wait for a connection
            live.publish(alert(seq));
        }

        assertTrue(stalled.closed, "the stalled client was disconnected");
        // one send in flight, then the buffer, then the alert that found it full
        assertEquals(List.of(1L), stalled.alertIds());
        assertEquals(1, live.listeners(), "only the reading client still listens");
        assertFalse(reading.closed);
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), reading.alertIds(),
                "the reading client got every alert, in order, once");
    }

    @Test
    void aClientThatCatchesUpBeforeItsBufferIsFullStaysConnected() {
        Sink slow = new Sink();
        open(slow);
        slow.stall();
        for (long seq = 1; seq <= BUFFER; seq++) {
            live.publish(alert(seq));
        }
        assertFalse(slow.closed, "a buffer of " + BUFFER + " holds the alerts sent meanwhile");

        slow.resume();
        live.publish(alert(BUFFER + 1));
        assertFalse(slow.closed);
        assertEquals(LongStream.rangeClosed(1, BUFFER + 1).boxed().toList(), slow.alertIds());
    }

    @Test
    void aReplayToAClientThatDoesNotReadHoldsNoThreadAndGoesOnWhenItReads() {
        Sink stalled = new Sink();
        stalled.stall();
        // an alert is stored before it is published live: 21 is in the database too
        List<Alert> stored = LongStream.rangeClosed(8, 21).mapToObj(AlertStreamConnectionTest::alert).toList();
        AlertStreamConnection connection = new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING,
                stalled, setup());
        long start = System.nanoTime();
        // the replay pages are read on the calling thread here: open must still return without waiting for the client
        connection.open(7L, (agency, after, limit) -> stored.stream().filter(a -> a.seq() > after).limit(limit)
                .toList(), Instant.now().plusSeconds(300), () -> { });
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1_000, "open returned at once");
        assertTrue(stalled.alertIds().isEmpty(), "only the opening comment is pending");

        live.publish(stored.get(stored.size() - 1));
        for (int i = 0; i < 30; i++) {
            stalled.resume();
            stalled.stall();
        }
        stalled.resume();
        assertEquals(LongStream.rangeClosed(8, 21).boxed().toList(), stalled.alertIds(),
                "the replay, then the live alert, in order, once");
        assertFalse(connection.closed());
    }

    @Test
    void aStreamEndsWhenItsTokenExpiresAndWhenItsAgencyIsSuspended() throws Exception {
        Sink expiring = new Sink();
        AtomicInteger released = new AtomicInteger();
        new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, expiring, setup())
                .open(null, null, Instant.now().plusSeconds(1), released::incrementAndGet);
        Sink suspended = new Sink();
        AlertStreamConnection other = new AlertStreamConnection("PCSO", "analyst", StreamFilter.EVERYTHING, suspended,
                setup());
        other.open(null, null, Instant.now().plusSeconds(300), released::incrementAndGet);
        assertFalse(expiring.closed, "not before the token's expiry");

        // ended at the token's expiry; a loaded machine may run the timer late, never not at all
        Exchange.await("the stream to end at the token's expiry", Duration.ofSeconds(10),
                () -> expiring.closed && released.get() == 1);
        assertFalse(suspended.closed);
        live.endAgency("PCSO", "agency suspended");
        assertTrue(suspended.closed);
        assertEquals(2, released.get(), "each gave its place back once");
        assertEquals(0, live.listeners());
    }

    private void open(Sink sink) {
        new AlertStreamConnection("HCSO", "analyst-" + UUID.randomUUID(), StreamFilter.EVERYTHING, sink, setup())
                .open(null, null, Instant.now().plusSeconds(300), () -> { });
    }

    private AlertStreamConnection.Setup setup() {
        return new AlertStreamConnection.Setup(live, Runnable::run, timer, SseImpl.INSTANCE, json, BUFFER, 100,
                Duration.ofSeconds(30));
    }

    private static Alert alert(long seq) {
        return new Alert(UUID.randomUUID(), seq, "HCSO", Reason.JURISDICTION, UUID.randomUUID(), 1, "TAMPA-PD",
                "overdose", "Actual", MsgType.Alert, "Expected", Severity.Severe, "Observed", "Overdose " + seq,
                new Alert.Area("US-FL-12057", null), new Alert.Marking("AMBER"), Instant.now(), Instant.now(), null);
    }

    /** A client's end of the stream: its sends complete while it reads, and stay pending once it stalls. */
    private static final class Sink implements SseEventSink {
        final List<OutboundSseEvent> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        boolean stalled;
        volatile boolean closed;

        void stall() {
            stalled = true;
        }

        /** Reads again: what was pending completes, and the connection sends what it buffered meanwhile. */
        void resume() {
            stalled = false;
            List<CompletableFuture<Void>> waiting = new ArrayList<>(pending);
            pending.clear();
            waiting.forEach(f -> f.complete(null));
        }

        List<Long> alertIds() {
            return sent.stream().filter(e -> e.getId() != null).map(e -> Long.parseLong(e.getId())).toList();
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            sent.add(event);
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (stalled) {
                pending.add(done);
            } else {
                done.complete(null);
            }
            return done;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
