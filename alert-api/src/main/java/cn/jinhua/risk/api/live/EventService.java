package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
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
 * The live stream: numbers, persists and fans out changes, and streams them to subscribers with
 * resume. Numbers are assigned in order under a short lock; the events are then stored in parallel
 * (concurrent publishers do not wait for each other's writes) and delivered strictly in number
 * order once every smaller number is stored. A subscriber registers for live events and, in the
 * same step, notes the last number delivered so far; it then reads the stored events after its
 * Last-Event-ID up to that number, and everything later reaches it live, so nothing falls in
 * between. A subscriber that cannot keep up is cut off rather than silently skipped, and resumes
 * from the store. Live delivery covers the events of this process: run one API process per stream,
 * or route a client's reconnections to the same one. Thread-safe.
 */
@Singleton
public class EventService {
    private static final int REPLAY_PAGE = 500;
    private final EventRepository repository;
    private final LiveProperties props;
    private final Clock clock;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final Object lock = new Object();
    /** Publishes numbered but not yet delivered, in number order. Guarded by {@code lock}. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** Guarded by {@code lock}. */
    private long nextSeq;
    /** Guarded by {@code lock}. */
    private long blockEnd;
    /** Every number up to this one is stored (or failed) and delivered. Guarded by {@code lock}. */
    private long deliveredUpTo = -1;

    EventService(EventRepository repository, LiveProperties props, Clock clock) {
        this.repository = repository;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Numbers, stores and delivers changes; returns once they are stored. Delivery waits for
     * earlier numbers still being stored, so subscribers see numbers in order.
     */
    public List<LiveEvent> publish(List<EventDraft> drafts) {
        return publish(drafts, List.of()).events();
    }

    /**
     * What a publish stored.
     *
     * @param alongside the results of the writes made in the same request as the events
     */
    public record Published(List<LiveEvent> events, List<BulkWriter.Result> alongside) {
    }

    /**
     * Numbers, stores and delivers changes as {@link #publish(List)} does, storing the documents
     * they announce in the same request: a change is then announced as soon as it is stored,
     * without a write of its own to wait for first.
     *
     * @param alongside writes to make in the same request as the events
     * @throws RuntimeException when the events were not stored (nothing is delivered then; the
     *     writes alongside may have been made)
     */
    public Published publish(List<EventDraft> drafts, List<BulkWriter.Item> alongside) {
        if (drafts.isEmpty()) {
            return new Published(List.of(), repository.append(List.of(), List.of(), alongside));
        }
        String at = IsoTimes.formatSortable(clock.instant());
        List<ObjectNode> payloads = new ArrayList<>(drafts.size());
        for (EventDraft d : drafts) {
            payloads.add(Json.MAPPER.valueToTree(d.payload()));
        }
        List<String> keys = new ArrayList<>();
        for (EventDraft d : drafts) {
            if (d.key() != null) {
                keys.add(d.key());
            }
        }
        InFlight mine;
        synchronized (lock) {
            ensureNumbers(drafts.size());
            List<LiveEvent> events = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                EventDraft d = drafts.get(i);
                events.add(new LiveEvent(nextSeq++, d.type(), d.scenario(), List.copyOf(d.teamIds()), at, payloads.get(i)));
            }
            mine = new InFlight(events);
            inFlight.addLast(mine);
        }
        RuntimeException failure = null;
        List<BulkWriter.Result> results = List.of();
        try {
            results = repository.append(mine.events, keys, alongside);
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (lock) {
            mine.done = true;
            mine.failed = failure != null;
            while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
                InFlight head = inFlight.pollFirst();
                if (!head.failed) {
                    deliver(head.events);
                }
                deliveredUpTo = head.events.get(head.events.size() - 1).seq();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Published(mine.events, results);
    }

    /**
     * Of these announcements ({@link EventDraft#key()}), those a publish stored: an ingest that
     * finds its alerts stored already publishes again the announcements a failed publish lost.
     */
    public Set<String> announced(Collection<String> keys) {
        return keys.isEmpty() ? Set.of() : repository.announced(keys);
    }

    /**
     * Makes sure {@code wanted} consecutive numbers are available, so a publish is stored as one
     * run; reserves a new block when the current one has fewer left (their rest stays unused: a
     * gap in the numbers is harmless, resuming only compares them). Holds {@code lock}.
     */
    private void ensureNumbers(int wanted) {
        if (blockEnd - nextSeq >= wanted) {
            return;
        }
        int size = Math.max(props.blockSize(), wanted);
        long first = repository.reserve(size);
        if (deliveredUpTo < 0 && inFlight.isEmpty()) {
            deliveredUpTo = first - 1;
        }
        nextSeq = first;
        blockEnd = first + size;
    }

    private void deliver(List<LiveEvent> events) {
        for (Subscriber s : subscribers) {
            for (LiveEvent e : events) {
                if (!s.offer(e)) {
                    subscribers.remove(s);
                    break;
                }
            }
        }
    }

    /**
     * The events a caller may see: those after {@code lastEventId} from the store (none when it is
     * null), then live ones as they happen.
     */
    public Flux<LiveEvent> stream(Caller caller, Long lastEventId) {
        return Mono.fromCallable(this::register)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(reg -> {
                    AtomicLong last = new AtomicLong(lastEventId == null ? Long.MIN_VALUE : lastEventId);
                    Flux<LiveEvent> replay = lastEventId == null || lastEventId >= reg.deliveredUpTo()
                            ? Flux.empty() : replay(lastEventId, reg.deliveredUpTo());
                    return Flux.concat(replay, reg.subscriber().sink.asFlux())
                            .filter(e -> e.seq() > last.get())
                            .doOnNext(e -> last.set(e.seq()))
                            .filter(e -> visible(caller, e))
                            .doFinally(signal -> subscribers.remove(reg.subscriber()));
                });
    }

    /** A subscriber and the last number delivered before it registered. */
    private record Registration(Subscriber subscriber, long deliveredUpTo) {
    }

    private Registration register() {
        synchronized (lock) {
            ensureNumbers(1);
            Subscriber sub = new Subscriber(props.subscriberBuffer());
            subscribers.add(sub);
            return new Registration(sub, deliveredUpTo);
        }
    }

    private Flux<LiveEvent> replay(long afterSeq, long upToSeq) {
        return Mono.fromCallable(() -> repository.after(afterSeq, upToSeq, REPLAY_PAGE))
                .subscribeOn(Schedulers.boundedElastic())
                .expand(page -> page.size() < REPLAY_PAGE ? Mono.empty()
                        : Mono.fromCallable(() -> repository.after(page.get(page.size() - 1).seq(), upToSeq, REPLAY_PAGE))
                                .subscribeOn(Schedulers.boundedElastic()))
                .flatMapIterable(page -> page);
    }

    /** Role filter ({@code docs/api.md} "Live stream"): command and admin all, the bureau WASTEWATER, a field team its own team's changes. */
    static boolean visible(Caller caller, LiveEvent e) {
        if (caller.seesAll()) {
            return true;
        }
        if (caller.has(Roles.ENV_BUREAU) && "WASTEWATER".equals(e.scenario())) {
            return true;
        }
        return caller.teamId() != null && e.teamIds().contains(caller.teamId());
    }

    /** Number of live subscribers (for tests and health). */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** One publish between numbering and delivery. Fields guarded by {@code lock}. */
    private static final class InFlight {
        final List<LiveEvent> events;
        boolean done;
        boolean failed;

        InFlight(List<LiveEvent> events) {
            this.events = events;
        }
    }

    /** One subscriber's bounded buffer of live events. */
    private static final class Subscriber {
        final Sinks.Many<LiveEvent> sink;

        Subscriber(int capacity) {
            this.sink = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(capacity));
        }

        /** False when the subscriber fell too far behind and was cut off. */
        boolean offer(LiveEvent e) {
            if (sink.tryEmitNext(e).isSuccess()) {
                return true;
            }
            sink.tryEmitError(new IllegalStateException("subscriber fell behind; reconnect with Last-Event-ID"));
            return false;
        }
    }
}
