package org.fusionexchange.intake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group commit's rules, with a list standing in for the database. */
class GroupCommitTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(32);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void aLoneItemIsWrittenAtOnceByItsCaller() {
        List<List<String>> writes = new ArrayList<>();
        new GroupCommit<String>(writes::add, 10, 1).submit("a");
        assertEquals(List.of(List.of("a")), writes);
    }

    @Test
    void concurrentItemsAreEachWrittenOnceInFewerWritesThanItems() throws Exception {
        List<List<Integer>> writes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger active = new AtomicInteger();
        AtomicInteger mostActive = new AtomicInteger();
        GroupCommit<Integer> commit = new GroupCommit<>(group -> {
            mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            sleep(20);
            writes.add(List.copyOf(group));
            active.decrementAndGet();
        }, 8, 2);

        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int item = i;
            done.add(callers.submit(() -> commit.submit(item)));
        }
        for (Future<?> future : done) {
            future.get(30, TimeUnit.SECONDS);
        }

        List<Integer> written = writes.stream().flatMap(List::stream).sorted().toList();
        assertEquals(200, written.size(), "every item written once");
        assertEquals(200, new HashSet<>(written).size());
        assertTrue(writes.size() < 100, "grouped: " + writes.size() + " writes for 200 items");
        assertTrue(writes.stream().allMatch(group -> group.size() <= 8), "no group over the maximum");
        assertTrue(mostActive.get() <= 2, "at most two writes at a time, saw " + mostActive.get());
    }

    @Test
    void aCallerReturnsOnlyOnceItsOwnItemIsWritten() throws Exception {
        Set<Integer> written = Collections.synchronizedSet(new HashSet<>());
        GroupCommit<Integer> commit = new GroupCommit<>(group -> {
            sleep(5);
            written.addAll(group);
        }, 4, 1);
        List<Future<Boolean>> seen = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int item = i;
            seen.add(callers.submit(() -> {
                commit.submit(item);
                return written.contains(item);
            }));
        }
        for (Future<Boolean> future : seen) {
            assertTrue(future.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void queuedCallersAreWokenOnlyToWriteOrToReturn() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer> commit = new GroupCommit<>(group -> {
            firstWriteStarted.countDown();
            await(release);
            sizes.add(group.size());
        }, 5, 1);

        // item 0 holds the only writer while 30 callers queue behind it, then they go through in groups of 5
        Future<?> first = callers.submit(() -> commit.submit(0));
        firstWriteStarted.await(10, TimeUnit.SECONDS);
        List<Future<?>> queued = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            int item = i;
            queued.add(callers.submit(() -> commit.submit(item)));
        }
        sleep(300);
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> future : queued) {
            future.get(30, TimeUnit.SECONDS);
        }

        assertEquals(31, sizes.stream().mapToInt(Integer::intValue).sum());
        // each queued caller wakes once when its group is written, and a group's first caller once more to write
        // it (spurious wake-ups aside); waking every waiter at each write's end would give about 6 × 30 / 2 = 90
        assertTrue(commit.wakeUps() <= 30 + sizes.size() + 5, "wake-ups: " + commit.wakeUps() + " for 30 queued "
                + "callers in " + sizes.size() + " writes");
    }

    @Test
    void aSecondWriteStartsOnlyOnceAQuarterOfAGroupIsWaiting() throws Exception {
        AtomicInteger writesStarted = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> writes = Collections.synchronizedList(new ArrayList<>());
        // groups of up to 20 by up to 2 writers: a second write once 5 items wait
        GroupCommit<Integer> commit = new GroupCommit<>(group -> {
            writesStarted.incrementAndGet();
            await(release);
            writes.add(List.copyOf(group));
        }, 20, 2);

        List<Future<?>> submitted = new ArrayList<>();
        submitted.add(callers.submit(() -> commit.submit(0)));
        waitFor(() -> writesStarted.get() == 1);
        for (int i = 1; i <= 4; i++) {
            int item = i;
            submitted.add(callers.submit(() -> commit.submit(item)));
        }
        sleep(300);
        assertEquals(1, writesStarted.get(), "four items waiting behind one write start no second one");

        submitted.add(callers.submit(() -> commit.submit(5)));
        waitFor(() -> writesStarted.get() == 2);
        release.countDown();
        for (Future<?> future : submitted) {
            future.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4, 5)), writes.stream()
                .map(group -> group.stream().sorted().toList()).sorted((a, b) -> a.size() - b.size()).toList(),
                "the five waiting items went as one group beside the first write");
    }

    @Test
    void aFailingItemFailsOnlyItsOwnCallerAndTheOthersAreWrittenAlone() throws Exception {
        Set<String> written = Collections.synchronizedSet(new HashSet<>());
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        IllegalStateException refused = new IllegalStateException("bad item refused");
        GroupCommit<String> commit = new GroupCommit<>(group -> {
            firstWriteStarted.countDown();
            await(othersQueued);
            if (group.contains("bad")) {
                throw refused;
            }
            written.addAll(group);
        }, 10, 1);

        // "first" holds the only writer while the others queue up, so they are written as one group after it
        Future<?> first = callers.submit(() -> commit.submit("first"));
        firstWriteStarted.await(10, TimeUnit.SECONDS);
        List<String> items = List.of("a", "bad", "b", "c");
        List<Future<Throwable>> outcomes = new ArrayList<>();
        for (String item : items) {
            outcomes.add(callers.submit(() -> {
                try {
                    commit.submit(item);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        sleep(200);
        othersQueued.countDown();
        first.get(10, TimeUnit.SECONDS);

        for (int i = 0; i < items.size(); i++) {
            Throwable outcome = outcomes.get(i).get(10, TimeUnit.SECONDS);
            if (items.get(i).equals("bad")) {
                assertSame(refused, outcome);
            } else {
                assertNull(outcome, items.get(i) + " should have been written");
            }
        }
        assertEquals(Set.of("first", "a", "b", "c"), written);
    }

    @Test
    void theFailureOfALoneItemReachesItsCaller() {
        GroupCommit<String> commit = new GroupCommit<>(group -> {
            throw new IllegalArgumentException("database away");
        }, 10, 2);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> commit.submit("x"));
        assertEquals("database away", thrown.getMessage());
    }

    @Test
    void refusesNonsensicalLimits() {
        assertThrows(IllegalArgumentException.class, () -> new GroupCommit<String>(group -> { }, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GroupCommit<String>(group -> { }, 1, 0));
    }

    private static void waitFor(BooleanSupplier condition) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < giveUp, "timed out waiting");
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
