package cn.jinhua.risk.api.feed;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.security.Caller;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The live feed: numbers, persists and fans out changes, and streams them to subscribers with
 * resume. Commits are serialised, so events are stored and delivered in sequence order. A
 * subscriber registers for live events before it reads the stored ones after its Last-Event-ID,
 * so nothing falls between the two; a subscriber that cannot keep up is cut off rather than
 * silently skipped, and resumes from the store. Thread-safe.
 */
@Singleton
public class EventService {
    private static final int REPLAY_PAGE = 500;
    private final EventRepository repository;
    private final FeedProperties props;
    private final Clock clock;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final List<Pending> queue = new ArrayList<>();
    private final Object commitLock = new Object();
    /** Guarded by {@code commitLock}. */
    private long nextSeq;
    /** Guarded by {@code commitLock}. */
    private long blockEnd;

    EventService(EventRepository repository, FeedProperties props, Clock clock) {
        this.repository = repository;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Numbers, stores and delivers changes, in order, and returns once they are stored. Concurrent
     * callers are committed together: whoever finds no commit running writes everything queued so
     * far in one bulk request (group commit), so many small publishes cost few round trips.
     */
    public List<LiveEvent> publish(List<EventDraft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        Pending mine = new Pending(drafts);
        synchronized (queue) {
            queue.add(mine);
        }
        while (!mine.done) {
            synchronized (commitLock) {
                if (mine.done) {
                    break;
                }
                List<Pending> group;
                synchronized (queue) {
                    group = new ArrayList<>(queue);
                    queue.clear();
                }
                commit(group);
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.events;
    }

    /** Writes a group of publishes as one bulk request and delivers them; runs under {@code commitLock}. */
    private void commit(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        String at = Json.iso(clock.instant());
        List<LiveEvent> all = new ArrayList<>();
        try {
            for (Pending p : group) {
                List<LiveEvent> events = new ArrayList<>(p.drafts.size());
                for (EventDraft d : p.drafts) {
                    if (nextSeq >= blockEnd) {
                        int size = Math.max(props.blockSize(), p.drafts.size());
                        nextSeq = repository.reserve(size);
                        blockEnd = nextSeq + size;
                    }
                    events.add(new LiveEvent(nextSeq++, d.type(), d.scenario(), List.copyOf(d.teamIds()), at, d.payload()));
                }
                p.events = events;
                all.addAll(events);
            }
            repository.append(all);
        } catch (RuntimeException e) {
            for (Pending p : group) {
                p.failure = e;
                p.done = true;
            }
            return;
        }
        for (Subscriber s : subscribers) {
            for (LiveEvent e : all) {
                if (!s.offer(e)) {
                    subscribers.remove(s);
                    break;
                }
            }
        }
        for (Pending p : group) {
            p.done = true;
        }
    }

    /** One caller's drafts waiting for a commit. Fields are written under {@code commitLock}. */
    private static final class Pending {
        final List<EventDraft> drafts;
        volatile List<LiveEvent> events;
        volatile RuntimeException failure;
        volatile boolean done;

        Pending(List<EventDraft> drafts) {
            this.drafts = drafts;
        }
    }

    /**
     * The events a caller may see: those after {@code lastEventId} from the store (none when it is
     * null), then live ones as they happen.
     */
    public Flux<LiveEvent> stream(Caller caller, Long lastEventId) {
        return Flux.defer(() -> {
            Subscriber sub = new Subscriber(props.subscriberBuffer());
            subscribers.add(sub);
            AtomicLong last = new AtomicLong(lastEventId == null ? Long.MIN_VALUE : lastEventId);
            Flux<LiveEvent> replay = lastEventId == null ? Flux.empty() : replayAfter(lastEventId);
            return Flux.concat(replay, sub.sink.asFlux())
                    .filter(e -> e.seq() > last.get())
                    .doOnNext(e -> last.set(e.seq()))
                    .filter(e -> visible(caller, e))
                    .doFinally(signal -> subscribers.remove(sub));
        });
    }

    private Flux<LiveEvent> replayAfter(long afterSeq) {
        return Mono.fromCallable(() -> repository.after(afterSeq, REPLAY_PAGE))
                .subscribeOn(Schedulers.boundedElastic())
                .expand(page -> page.size() < REPLAY_PAGE ? Mono.empty()
                        : Mono.fromCallable(() -> repository.after(page.get(page.size() - 1).seq(), REPLAY_PAGE))
                                .subscribeOn(Schedulers.boundedElastic()))
                .flatMapIterable(page -> page);
    }

    /** Role filter of SPEC §6: command and admin all, the bureau WASTEWATER, a field team its own team's changes. */
    static boolean visible(Caller caller, LiveEvent e) {
        if (caller.seesAll()) {
            return true;
        }
        if (caller.has(cn.jinhua.risk.api.security.Roles.ENV_BUREAU) && "WASTEWATER".equals(e.scenario())) {
            return true;
        }
        return caller.teamId() != null && e.teamIds().contains(caller.teamId());
    }

    /** Number of live subscribers (for tests and health). */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** One subscriber's bounded buffer of live events. */
    private static final class Subscriber {
        final Sinks.Many<LiveEvent> sink;

        Subscriber(int capacity) {
            this.sink = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(capacity));
        }

        /** False when the subscriber fell too far behind and was cut off. */
        boolean offer(LiveEvent e) {
            Sinks.EmitResult r = sink.tryEmitNext(e);
            if (r.isSuccess()) {
                return true;
            }
            if (r == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
                // Registered but not yet subscribed: buffered by the queue; only a full queue fails.
                return true;
            }
            sink.tryEmitError(new IllegalStateException("subscriber fell behind; reconnect with Last-Event-ID"));
            return false;
        }
    }
}
