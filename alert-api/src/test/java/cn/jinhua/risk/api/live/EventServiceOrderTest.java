package cn.jinhua.risk.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.api.store.BulkWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** Ordering of the live feed when stores finish out of order, with an in-memory store. */
class EventServiceOrderTest {
    static final Caller COMMAND = new Caller("command", Set.of(Roles.COMMAND), null);

    /** Stores in memory, one entry per ordinal created only if absent; the append of a chosen number waits until released. */
    static final class SlowStore implements EventRepository {
        final ConcurrentSkipListMap<Long, List<LiveEvent>> publishes = new ConcurrentSkipListMap<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch slowStarted = new CountDownLatch(1);
        volatile long slowSeq = -1;

        @Override
        public Set<String> announced(Collection<String> keys) {
            return Set.of();
        }

        @Override
        public List<BulkWriter.Result> append(List<LiveEvent> events, Collection<String> keys,
                                              List<BulkWriter.Item> alongside) {
            if (events.get(0).seq() == slowSeq) {
                slowStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long ordinal = Numbering.ordinal(events.get(0).seq());
            if (publishes.putIfAbsent(ordinal, List.copyOf(events)) != null) {
                throw new NumberTaken(ordinal, List.of());
            }
            return List.of();
        }

        @Override
        public Map<Long, List<LiveEvent>> publishes(Collection<Long> ordinals) {
            Map<Long, List<LiveEvent>> found = new HashMap<>();
            ordinals.forEach(o -> {
                if (publishes.containsKey(o)) {
                    found.put(o, publishes.get(o));
                }
            });
            return found;
        }

        @Override
        public List<LiveEvent> close(long ordinal) {
            List<LiveEvent> held = publishes.putIfAbsent(ordinal, List.of());
            return held == null ? List.of() : held;
        }

        @Override
        public Start start(int window) {
            return publishes.isEmpty() ? new Start(1, 1) : new Start(publishes.lastKey() + 1, publishes.lastKey() + 1);
        }

        @Override
        public List<LiveEvent> after(long afterSeq, long upToSeq, int limit) {
            return publishes.values().stream().flatMap(List::stream)
                    .filter(e -> e.seq() > afterSeq && e.seq() <= upToSeq).limit(limit).toList();
        }
    }

    static EventDraft draft(String name) {
        return new EventDraft("incident", "LOST_PERSON", List.of(), Map.of("name", name));
    }

    @Test
    void aLaterNumberStoredFirstIsDeliveredAfterTheEarlierOneAndAResumeMissesNeither() throws Exception {
        SlowStore store = new SlowStore();
        EventService feed = new EventService(store, new LiveProperties(1000, Duration.ofSeconds(20),
                Duration.ofMillis(50), Duration.ofSeconds(1)),
                Clock.fixed(Instant.parse("2026-12-29T08:00:00Z"), ZoneOffset.UTC));
        long first = feed.publish(List.of(draft("before"))).get(0).seq();
        List<LiveEvent> live = new ArrayList<>();
        Disposable sub = feed.stream(COMMAND, null).subscribe(e -> {
            synchronized (live) {
                live.add(e);
            }
        });
        while (feed.subscriberCount() == 0) {
            Thread.sleep(5);
        }
        store.slowSeq = first + Numbering.SPAN;
        CompletableFuture<List<LiveEvent>> slow = CompletableFuture.supplyAsync(() -> feed.publish(List.of(draft("slow"))));
        assertThat(store.slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<LiveEvent> fast = feed.publish(List.of(draft("fast")));
        assertThat(fast.get(0).seq()).isEqualTo(first + 2 * Numbering.SPAN);

        // Stored but not deliverable yet: a client resuming now gets neither from the store, both live.
        List<LiveEvent> resumed = new ArrayList<>();
        Disposable resume = feed.stream(COMMAND, first).subscribe(e -> {
            synchronized (resumed) {
                resumed.add(e);
            }
        });
        Thread.sleep(100);
        synchronized (live) {
            assertThat(live).isEmpty();
        }
        store.release.countDown();
        slow.get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && (size(live) < 2 || size(resumed) < 2)) {
            Thread.sleep(10);
        }
        assertThat(live).extracting(LiveEvent::seq).containsExactly(first + Numbering.SPAN, first + 2 * Numbering.SPAN);
        assertThat(resumed).extracting(LiveEvent::seq).containsExactly(first + Numbering.SPAN, first + 2 * Numbering.SPAN);
        sub.dispose();
        resume.dispose();
        feed.close();
    }

    private static int size(List<LiveEvent> l) {
        synchronized (l) {
            return l.size();
        }
    }
}
