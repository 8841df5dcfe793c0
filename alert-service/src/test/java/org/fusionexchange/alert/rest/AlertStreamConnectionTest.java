package org.fusionexchange.alert.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;

import org.fusionexchange.alert.Exchange;
import org.fusionexchange.alert.service.Alert;
import org.fusionexchange.alert.service.LiveAlert;
import org.fusionexchange.alert.service.LiveAlerts;
import org.fusionexchange.alert.service.MsgType;
import org.fusionexchange.alert.service.Reason;
import org.fusionexchange.alert.service.Severity;
import org.fusionexchange.alert.service.StreamFilter;
import org.fusionexchange.alert.tracing.AlertTraces;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.OpenTelemetry;

/**
 * The buffer of one SSE connection, without HTTP: a client whose sends stop completing (its socket is full) is
 * disconnected once its buffer is full, and neither it nor its full buffer holds back the feed or another client.
 */
class AlertStreamConnectionTest {

    private static final int BUFFER = 5;
    private final LiveAlerts live = caughtUp(new LiveAlerts());
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** The frames of the alerts a test published with their JSON as published, by sequence number. */
    private final Map<Long, byte[]> framed = new HashMap<>();

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
    void aStreamWithoutALastEventIdStartsAtItsRegistrationAndReadsNoHistory() {
        LongStream.rangeClosed(1, 100).forEach(seq -> live.publish(alert(seq))); // before the stream, none listening
        Sink sink = new Sink();
        sink.stall(); // the opening comment is still pending when the next alerts come
        AtomicInteger replays = new AtomicInteger();
        AlertStreamConnection connection = new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, sink,
                setup());
        connection.open(null, (agency, after, limit) -> {
            replays.incrementAndGet();
            return List.of();
        }, Instant.now().plusSeconds(300), () -> { });
        live.publish(alert(101));
        live.publish(alert(102));
        sink.resume();

        assertEquals(List.of(101L, 102L), sink.alertIds(), "the alerts after it registered, none before");
        assertEquals(0, replays.get(), "the database was not read");
        assertFalse(connection.closed());
    }

    @Test
    void aStreamWhoseClientLeftGivesItsPlaceBackWhenTheAgencysNextStreamIsCounted() {
        Sink left = new Sink();
        Sink staying = new Sink();
        AtomicInteger released = new AtomicInteger();
        new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, left, setup())
                .open(null, null, Instant.now().plusSeconds(300), released::incrementAndGet);
        new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, staying, setup())
                .open(null, null, Instant.now().plusSeconds(300), released::incrementAndGet);
        left.closed = true; // the browser closed the connection: the sink knows, no alert or heartbeat came yet
        assertEquals(2, live.listeners());

        live.checkClients("HCSO");

        assertEquals(1, released.get(), "the place of the client that left, given back");
        assertEquals(1, live.listeners());
        assertFalse(staying.closed);
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

    @Test
    void aHeartbeatToAClientJustGoneClosesItsStreamAndTheOthersStillBeat() {
        // the client went between the check that the sink is open and the send: RESTEasy throws "Already closed"
        Sink gone = new Sink() {
            @Override
            public CompletionStage<?> send(OutboundSseEvent event) {
                if (event.getComment() != null && event.getComment().equals("heartbeat")) {
                    throw new IllegalStateException("Already closed");
                }
                return super.send(event);
            }
        };
        Sink staying = new Sink();
        open(gone);
        open(staying);
        assertEquals(2, live.listeners());
        live.heartbeat();
        assertEquals(1, live.listeners(), "the stream whose heartbeat failed is closed");
        assertTrue(gone.closed);
        live.heartbeat();
        assertEquals(2, staying.sent.stream().filter(e -> "heartbeat".equals(e.getComment())).count(),
                "the other stream beats at every heartbeat: " + staying.sent);
    }

    @Test
    void aLiveClientThatTakesNothingForTheSendTimeoutIsClosed() {
        AlertStreamConnection.Setup quick = new AlertStreamConnection.Setup(live, Runnable::run, timer,
                SseImpl.INSTANCE, json, BUFFER, 100, Duration.ofMillis(200), new AlertTraces(OpenTelemetry.noop()));
        Sink stalled = new Sink();
        new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, stalled, quick)
                .open(null, null, Instant.now().plusSeconds(300), () -> { });
        stalled.stall();
        live.heartbeat(); // a quiet agency: only heartbeats, the first of which the client never takes
        assertFalse(stalled.closed);
        Exchange.await("the stream to close at the send timeout", Duration.ofSeconds(10), () -> stalled.closed);
        assertEquals(0, live.listeners());
    }

    @Test
    void aStreamClosedBeforeItsTokenExpiresLeavesNothingOnTheTimer() {
        java.util.concurrent.ScheduledThreadPoolExecutor expiries = Streams.expiryTimer();
        try {
            AlertStreamConnection.Setup setup = new AlertStreamConnection.Setup(live, Runnable::run, expiries,
                    SseImpl.INSTANCE, json, BUFFER, 100, Duration.ofSeconds(30), new AlertTraces(OpenTelemetry.noop()));
            Sink sink = new Sink();
            new AlertStreamConnection("PCSO", "analyst", StreamFilter.EVERYTHING, sink, setup)
                    .open(null, null, Instant.now().plusSeconds(300), () -> { });
            assertEquals(1, expiries.getQueue().size(), "its expiry is scheduled");
            live.endAgency("PCSO", "agency suspended");
            assertTrue(sink.closed);
            assertTrue(expiries.getQueue().isEmpty(),
                    "the cancelled expiry no longer holds the closed connection until the token's lifetime ends");
        } finally {
            expiries.shutdownNow();
        }
    }

    /**
     * The seam the benchmark's run c crossed: a feed publishing faster than a client reads, a projection that lags the
     * feed (both read the alerts topic on their own), and a client that is disconnected whenever its buffer fills and
     * resumes with the id of the last event it received. Every thread is real: the feed's, the replays', the event
     * loop that completes the sends, and the client's. Across every resumption the client gets every alert once, in
     * order. Races are rare by nature, so it runs several rounds.
     */
    @Test
    void aSlowClientDisconnectedAgainAndAgainUnderLoadResumesWithoutAGap() throws Exception {
        int resumptions = 0;
        for (int round = 1; round <= 10; round++) {
            resumptions += resumeUnderLoad(10_000, caughtUp(new LiveAlerts()), round);
        }
        assertTrue(resumptions >= 10, "the client was disconnected and resumed " + resumptions + " times");
    }

    /** One round: every alert reaches the client once and in order; returns how often the client resumed. */
    private int resumeUnderLoad(int alerts, LiveAlerts feed, int round) throws Exception {
        ConcurrentSkipListMap<Long, Alert> projected = new ConcurrentSkipListMap<>();
        ScheduledExecutorService eventLoop = Executors.newSingleThreadScheduledExecutor();
        ExecutorService replays = Executors.newFixedThreadPool(2);
        AlertStreamConnection.Setup setup = new AlertStreamConnection.Setup(feed, replays, timer, SseImpl.INSTANCE,
                json, 20, 50, Duration.ofSeconds(30), new AlertTraces(OpenTelemetry.noop()));
        AlertStreamConnection.Replay database = (agency, after, limit) -> List.copyOf(
                projected.tailMap(after, false).headMap(after + limit, true).values());
        Received received = new Received();
        AtomicInteger connections = new AtomicInteger();
        Thread client = new Thread(() -> {
            while (received.last() < alerts && !Thread.currentThread().isInterrupted()) {
                AsyncSink sink = new AsyncSink(eventLoop, received);
                connections.incrementAndGet();
                new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, sink, setup)
                        .open(received.last(), database, Instant.now().plusSeconds(300), () -> { });
                sink.awaitClosed();
            }
        }, "client");
        AtomicLong produced = new AtomicLong();
        Thread projection = new Thread(() -> {
            for (long seq = 1; seq <= alerts; seq++) {
                while (produced.get() < seq) {
                    if (Thread.interrupted()) {
                        return;
                    }
                    LockSupport.parkNanos(20_000);
                }
                if (seq % 500 == 0) {
                    sleep(5); // a slow transaction now and then: the feed runs ahead of the projection
                }
                projected.put(seq, alert(seq));
            }
        }, "projection");
        try {
            client.start();
            projection.start();
            Exchange.await("the first stream", Duration.ofSeconds(5), () -> feed.listeners() == 1);
            for (long seq = 1; seq <= alerts; seq++) {
                produced.set(seq);
                feed.publish(alert(seq)); // the feed: it may run ahead of the projection, or behind it
                if (seq % 100 == 0) {
                    sleep(10); // in bursts: the client catches up and goes live between them, and falls behind in them
                }
            }
            Exchange.await("the last alert at the client", Duration.ofSeconds(30),
                    () -> received.last() == alerts);
        } finally {
            client.interrupt();
            projection.interrupt();
            eventLoop.shutdownNow();
            replays.shutdownNow();
        }
        assertEquals(List.of(), received.outOfOrder(), "round " + round + ": every alert once, in order, across "
                + connections + " connections");
        return connections.get() - 1;
    }

    /**
     * A resumed stream on an instance whose feed is still numbering what the topic held when it started: those
     * alerts are never sent live, so the stream must not go live until the feed has caught up and the database has
     * them. Without that wait, it went live at once (nothing published yet) and missed them for good.
     */
    @Test
    void aResumedStreamWaitsUntilTheFeedHasNumberedWhatTheTopicHeldWhenItStarted() {
        LiveAlerts starting = new LiveAlerts();
        List<Alert> stored = new CopyOnWriteArrayList<>(
                LongStream.rangeClosed(1, 10).mapToObj(AlertStreamConnectionTest::alert).toList());
        Sink sink = new Sink();
        AlertStreamConnection connection = new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING,
                sink, new AlertStreamConnection.Setup(starting, Runnable::run, timer, SseImpl.INSTANCE, json, BUFFER,
                        100, Duration.ofSeconds(30), new AlertTraces(OpenTelemetry.noop())));
        connection.open(5L, (agency, after, limit) -> stored.stream().filter(a -> a.seq() > after).limit(limit)
                .toList(), Instant.now().plusSeconds(300), () -> { });
        awaitIds(sink, LongStream.rangeClosed(6, 10).boxed().toList());

        // the feed's backlog: 11 to 15 numbered, never sent live; the projection stores them; then the first live one
        LongStream.rangeClosed(11, 15).forEach(seq -> starting.numbered("HCSO", seq));
        LongStream.rangeClosed(11, 15).forEach(seq -> stored.add(alert(seq)));
        starting.caughtUp(true);
        starting.publish(alert(16));

        awaitIds(sink, LongStream.rangeClosed(6, 16).boxed().toList());
        assertFalse(connection.closed());
    }

    @Test
    void eventsAreWrittenAsFramesAfterTheOpeningCommentWithTheJsonAsPublished() throws Exception {
        Sink sink = new Sink();
        List<String> frames = new ArrayList<>();
        AlertStreamConnection connection = new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, sink,
                setup(), null, frame -> {
                    frames.add(new String(frame, StandardCharsets.UTF_8));
                    return CompletableFuture.completedFuture(null);
                });
        connection.open(null, null, Instant.now().plusSeconds(300), () -> { });
        // as the feed reads it: the JSON as published, its text "\n" escaped, never a line break
        String published = json.writeValueAsString(alert(7)).replace("Overdose 7", "Overdose 7\\nsecond line");
        live.publish(LiveAlert.read(json, published.getBytes(StandardCharsets.UTF_8)), null);
        Alert written = alert(8);
        live.publish(written); // without published JSON: written by the stream
        live.heartbeat();

        assertEquals(2, frames.size(), frames.toString());
        assertEquals("id:7\nevent:alert\ndata:" + published + "\n\n", frames.get(0), "the JSON as published");
        assertEquals("id:8\nevent:alert\ndata:" + json.writeValueAsString(written) + "\n\n", frames.get(1));
        assertEquals(List.of(), sink.alertIds(), "no event through the sink");
        assertEquals(List.of("alerts of HCSO", "heartbeat"), sink.sent.stream().map(OutboundSseEvent::getComment)
                .toList(), "the opening comment and the heartbeat through the sink");
        assertFalse(connection.closed());
    }

    /**
     * A burst queued behind a write the connection has not taken yet goes out in one write, frames in order, once
     * each (an alert already sent is skipped); a heartbeat ends the batch, and so does its size ({@code BATCH_BYTES}). What the client reads, the bytes
     * of all writes one after another, is the frame of each alert in order.
     */
    @Test
    void aBurstQueuedBehindAPendingWriteGoesOutInOneWriteWithItsFramesInOrder() throws Exception {
        Sink sink = new Sink();
        List<byte[]> writes = new ArrayList<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        AlertStreamConnection connection = new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, sink,
                setup(1_000), null, frame -> {
                    writes.add(frame);
                    CompletableFuture<Void> taken = new CompletableFuture<>();
                    pending.add(taken);
                    return taken;
                });
        connection.open(null, null, Instant.now().plusSeconds(300), () -> { });
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        publishFramed(1, expected);
        assertEquals(1, writes.size(), "the first alert is written at once");
        for (long seq = 2; seq <= 6; seq++) {
            publishFramed(seq, expected);
            if (seq == 4) {
                // 4 again (as when the replay sent it before): skipped inside the batch
                live.publish(LiveAlert.read(json, json.writeValueAsBytes(alert(4))), null);
            }
        }
        live.heartbeat();
        publishFramed(7, expected);
        assertEquals(1, writes.size(), "the others wait while the connection has not taken the first write");

        pending.get(0).complete(null);
        assertEquals(2, writes.size(), "2 to 6 in one write, then the heartbeat through the sink, then 7's write");
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        LongStream.rangeClosed(2, 6).forEach(seq -> burst.writeBytes(framed.get(seq)));
        assertArrayEquals(burst.toByteArray(), writes.get(1));
        pending.get(1).complete(null);
        assertEquals(List.of("alerts of HCSO", "heartbeat"), sink.sent.stream().map(OutboundSseEvent::getComment)
                .toList());
        assertEquals(3, writes.size());
        assertArrayEquals(framed.get(7L), writes.get(2));

        // a burst larger than a batch: several writes, each about BATCH_BYTES at most, the same bytes in order
        String padding = "x".repeat(3_000);
        pending.get(2).complete(null);
        publishFramed(8, expected); // written at once, and pending
        for (long seq = 9; seq <= 60; seq++) {
            publishFramed(seq, expected, padding);
        }
        for (int i = 3; i < pending.size(); i++) {
            pending.get(i).complete(null);
        }
        assertTrue(writes.size() >= 5, "a burst of 52 alerts of 3 KB in batches of 64 KiB: " + writes.size());
        for (byte[] write : writes.subList(4, writes.size())) {
            assertTrue(write.length < AlertStreamConnection.BATCH_BYTES + 4_000, "a batch of " + write.length);
        }
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        writes.forEach(read::writeBytes);
        assertArrayEquals(expected.toByteArray(), read.toByteArray(), "every frame once, in order");
        assertFalse(connection.closed());
    }

    private void publishFramed(long seq, ByteArrayOutputStream expected) throws Exception {
        publishFramed(seq, expected, "");
    }

    /**
     * Publishes alert {@code seq} with its JSON as published, and adds the frame the client must read to
     * {@code expected} and to {@link #framed}.
     */
    private void publishFramed(long seq, ByteArrayOutputStream expected, String padding) throws Exception {
        byte[] published = json.writeValueAsString(alert(seq)).replace("Overdose " + seq, "Overdose " + seq + padding)
                .getBytes(StandardCharsets.UTF_8);
        live.publish(LiveAlert.read(json, published), null);
        byte[] frame = AlertStreamConnection.frame(seq, published);
        framed.put(seq, frame);
        expected.writeBytes(frame);
    }

    @Test
    void dataOfSeveralLinesGoesThroughTheSinkWhichWritesALineEach() {
        Sink sink = new Sink();
        List<byte[]> frames = new ArrayList<>();
        AlertStreamConnection connection = new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, sink,
                setup(), alert -> CompletableFuture.completedFuture("<alert>\r\n</alert>"), frame -> {
                    frames.add(frame);
                    return CompletableFuture.completedFuture(null);
                });
        connection.open(null, null, Instant.now().plusSeconds(300), () -> { });
        live.publish(alert(1));
        assertEquals(List.of(), frames);
        assertEquals(List.of(1L), sink.alertIds());
        assertEquals("<alert>\r\n</alert>", sink.sent.get(1).getData());
    }

    @Test
    void aFrameTheConnectionRefusesClosesTheStream() {
        Sink sink = new Sink();
        AlertStreamConnection connection = new AlertStreamConnection("HCSO", "analyst", StreamFilter.EVERYTHING, sink,
                setup(), null, frame -> {
                    throw new IllegalStateException("Response is closed");
                });
        connection.open(null, null, Instant.now().plusSeconds(300), () -> { });
        live.publish(alert(1));
        assertTrue(connection.closed());
        assertTrue(sink.closed);
        assertEquals(0, live.listeners());
    }

    @Test
    void aLineBreakAnywhereMakesTextMoreThanOneLine() {
        assertTrue(AlertStreamConnection.oneLine("{\"headline\":\"a\\nb\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(AlertStreamConnection.oneLine("{\n}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(AlertStreamConnection.oneLine("{\r}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("id:12\nevent:alert\ndata:{}\n\n", new String(AlertStreamConnection.frame(12,
                "{}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }

    private static void awaitIds(Sink sink, List<Long> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sink.alertIds().equals(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertEquals(expected, sink.alertIds());
    }

    private static LiveAlerts caughtUp(LiveAlerts live) {
        live.caughtUp(true);
        return live;
    }

    private void open(Sink sink) {
        new AlertStreamConnection("HCSO", "analyst-" + UUID.randomUUID(), StreamFilter.EVERYTHING, sink, setup())
                .open(null, null, Instant.now().plusSeconds(300), () -> { });
    }

    private AlertStreamConnection.Setup setup() {
        return setup(BUFFER);
    }

    private AlertStreamConnection.Setup setup(int buffer) {
        return new AlertStreamConnection.Setup(live, Runnable::run, timer, SseImpl.INSTANCE, json, buffer, 100,
                Duration.ofSeconds(30), new AlertTraces(OpenTelemetry.noop()));
    }

    private static Alert alert(long seq) {
        return new Alert(UUID.randomUUID(), seq, "HCSO", Reason.JURISDICTION, UUID.randomUUID(), 1, "TAMPA-PD",
                "overdose", "Actual", MsgType.Alert, "Expected", Severity.Severe, "Observed", "Overdose " + seq,
                new Alert.Area("US-FL-12057", null), new Alert.Marking("AMBER"), Instant.now(), Instant.now(), null);
    }

    /** What the client received, over all its connections, in order. */
    private static final class Received {
        private final List<Long> ids = new ArrayList<>();

        synchronized void add(long id) {
            ids.add(id);
        }

        synchronized int count() {
            return ids.size();
        }

        /** The id of the last alert received, 0 before the first. */
        synchronized long last() {
            return ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
        }

        /** Each id that does not follow the one before it: a gap, a duplicate or a step back. */
        synchronized List<String> outOfOrder() {
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                long expected = i == 0 ? 1 : ids.get(i - 1) + 1;
                if (ids.get(i) != expected) {
                    wrong.add("at " + i + ": " + ids.get(i) + " instead of " + expected);
                }
            }
            return wrong.size() > 10 ? wrong.subList(0, 10) : wrong;
        }
    }

    /**
     * A client's end of a real connection: each event reaches the client in the order it was sent. A send completes at
     * once while the socket has room; now and then the socket is full, and the send completes later on the event loop.
     */
    private static final class AsyncSink implements SseEventSink {
        private final ScheduledExecutorService eventLoop;
        private final Received received;
        private final CountDownLatch closed = new CountDownLatch(1);
        private int sends;

        AsyncSink(ScheduledExecutorService eventLoop, Received received) {
            this.eventLoop = eventLoop;
            this.received = received;
        }

        void awaitClosed() {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean isClosed() {
            return closed.getCount() == 0;
        }

        @Override
        public synchronized CompletionStage<?> send(OutboundSseEvent event) {
            if (isClosed()) {
                throw new IllegalStateException("Already closed");
            }
            if (event.getId() != null) {
                received.add(Long.parseLong(event.getId()));
            }
            if (++sends % 97 != 0) {
                return CompletableFuture.completedFuture(null); // the socket had room
            }
            // the socket is full until the client reads again, 3 ms later: longer than a burst takes to fill the buffer
            CompletableFuture<Void> done = new CompletableFuture<>();
            eventLoop.schedule(() -> done.complete(null), 3, TimeUnit.MILLISECONDS);
            return done;
        }

        /** Whatever was sent before this reaches the client; nothing after. */
        @Override
        public synchronized void close() {
            closed.countDown();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A client's end of the stream: its sends complete while it reads, and stay pending once it stalls. The
     * connection may send from another thread while a test reads what was sent (awaitIds), which a plain list failed
     * now and then with a ConcurrentModificationException.
     */
    private static class Sink implements SseEventSink {
        final List<OutboundSseEvent> sent = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        volatile boolean stalled;
        volatile boolean closed;

        void stall() {
            stalled = true;
        }

        /** Reads again: what was pending completes, and the connection sends what it buffered meanwhile. */
        void resume() {
            stalled = false;
            List<CompletableFuture<Void>> waiting;
            synchronized (pending) {
                waiting = new ArrayList<>(pending);
                pending.clear();
            }
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
                synchronized (pending) {
                    pending.add(done);
                }
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
