package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.json.Json;
import cn.jinhua.risk.api.security.Caller;
import cn.jinhua.risk.api.store.BulkWriter;
import cn.jinhua.risk.api.security.Roles;
import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The live stream: numbers, persists and fans out changes, and streams them to subscribers with
 * resume, identically on every API process over the same Elasticsearch. Each publish claims the next
 * ordinal of the cluster ({@link Numbering}) by creating its document; the events are stored in
 * parallel (concurrent publishers do not wait for each other's writes). A process delivers strictly
 * in ordinal order: its own publishes as soon as they are stored, the other processes' as a
 * follower thread finds them (it gets the next ordinals' documents every {@link LiveProperties#poll()}).
 * An ordinal that stays missing while a later one exists (its publisher failed or died) is closed
 * after {@link LiveProperties#gapWait()}: stored as empty unless it appears meanwhile, so every
 * process agrees on what it holds. A subscriber registers for live events and, in the same step,
 * notes the last number delivered so far; it then reads the stored events after its Last-Event-ID up
 * to that number, and everything later reaches it live, so nothing falls in between. A subscriber
 * that cannot keep up is cut off rather than silently skipped, and resumes from the store.
 * Thread-safe.
 */
@Singleton
public class EventService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventService.class);
    private static final int REPLAY_PAGE = 500;
    /** Ordinals the follower asks for at a time (again at once when it found them all). */
    private static final int FOLLOW_WINDOW = 16;
    /** Publishes below the newest a starting process delivers (to nobody yet): one still being stored is not missed. */
    private static final int START_WINDOW = 16;
    /** Ordinals a publish tries while other processes take them first. */
    private static final int CLAIM_ATTEMPTS = 100;
    private final EventRepository repository;
    private final LiveProperties props;
    private final Clock clock;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-follower");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    /** Ordinals this process is storing. Guarded by {@code lock}. */
    private final TreeSet<Long> storing = new TreeSet<>();
    /** Stored publishes at or above {@code nextToDeliver}, not delivered yet. Guarded by {@code lock}. */
    private final TreeMap<Long, List<LiveEvent>> stored = new TreeMap<>();
    /** Guarded by {@code lock}. */
    private boolean started;
    /** Every ordinal below it is delivered. Guarded by {@code lock}. */
    private long nextToDeliver;
    /** The ordinal this process claims next: above every one it has claimed or seen. Guarded by {@code lock}. */
    private long nextOrdinal;
    /** The first ordinal above those stored when this process started: a new client's stream begins there. Guarded by {@code lock}. */
    private long firstNew;
    /** Since when {@code nextToDeliver} is missing while a later ordinal exists ({@link System#nanoTime()}), or -1. Guarded by {@code lock}. */
    private long missingSince = -1;

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
     * @param alongside writes to make in the same request as the events (made once, also when the
     *     events must be stored again under another ordinal)
     * @throws IllegalArgumentException when there are more drafts than a publish can number
     * @throws RuntimeException when the events were not stored (nothing is delivered then; the
     *     writes alongside may have been made)
     */
    public Published publish(List<EventDraft> drafts, List<BulkWriter.Item> alongside) {
        if (drafts.isEmpty()) {
            return new Published(List.of(), repository.append(List.of(), List.of(), alongside));
        }
        if (drafts.size() > Numbering.SPAN) {
            throw new IllegalArgumentException(drafts.size() + " live events in one publish: at most " + Numbering.SPAN);
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
        List<BulkWriter.Item> writes = alongside;
        List<BulkWriter.Result> written = null;
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            long ordinal;
            synchronized (lock) {
                start();
                ordinal = nextOrdinal++;
                storing.add(ordinal);
            }
            List<LiveEvent> events = new ArrayList<>(drafts.size());
            for (int i = 0; i < drafts.size(); i++) {
                EventDraft d = drafts.get(i);
                events.add(new LiveEvent(Numbering.first(ordinal) + i, d.type(), d.scenario(), List.copyOf(d.teamIds()), at,
                        payloads.get(i)));
            }
            try {
                List<BulkWriter.Result> results = repository.append(events, keys, writes);
                synchronized (lock) {
                    storing.remove(ordinal);
                    arrived(ordinal, events);
                }
                return new Published(events, written == null ? results : written);
            } catch (EventRepository.NumberTaken taken) {
                // Another process stored this ordinal first; the follower delivers theirs.
                synchronized (lock) {
                    storing.remove(ordinal);
                }
                if (written == null) {
                    written = taken.alongside();
                }
                writes = List.of();
            } catch (RuntimeException e) {
                synchronized (lock) {
                    storing.remove(ordinal);
                }
                settle(ordinal);
                throw e;
            }
        }
        throw new IllegalStateException("could not number live events: " + CLAIM_ATTEMPTS
                + " ordinals in a row were taken by other processes");
    }

    /**
     * Of these announcements ({@link EventDraft#key()}), those a publish stored: an ingest that
     * finds its alerts stored already publishes again the announcements a failed publish lost.
     */
    public Set<String> announced(Collection<String> keys) {
        return keys.isEmpty() ? Set.of() : repository.announced(keys);
    }

    /** Finds where the stream stands and starts following the other processes. Holds {@code lock}. */
    private void start() {
        if (started) {
            return;
        }
        EventRepository.Start at = repository.start(START_WINDOW);
        nextToDeliver = at.deliverFrom();
        nextOrdinal = at.next();
        firstNew = at.next();
        started = true;
        long poll = props.poll().toMillis();
        follower.scheduleWithFixedDelay(this::follow, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** A publish is stored under this ordinal: delivers it, and whatever it held back, when its turn comes. Holds {@code lock}. */
    private void arrived(long ordinal, List<LiveEvent> events) {
        nextOrdinal = Math.max(nextOrdinal, ordinal + 1);
        if (ordinal < nextToDeliver || stored.containsKey(ordinal)) {
            return;
        }
        stored.put(ordinal, events);
        for (List<LiveEvent> next = stored.remove(nextToDeliver); next != null; next = stored.remove(nextToDeliver)) {
            deliver(next);
            nextToDeliver++;
            missingSince = -1;
        }
    }

    /**
     * Settles an ordinal no publish may ever store (this process failed to store it, or it stayed
     * missing too long): closed as empty, or delivered when it turns out to hold a publish. When
     * Elasticsearch cannot be reached, the follower tries again.
     */
    private void settle(long ordinal) {
        try {
            List<LiveEvent> held = repository.close(ordinal);
            synchronized (lock) {
                arrived(ordinal, held);
            }
        } catch (RuntimeException e) {
            LOG.warn("live event ordinal {} not settled yet, retried: {}", ordinal, e.getMessage());
        }
    }

    /** One look at the live index for publishes of other processes: runs on the follower thread. */
    private void follow() {
        try {
            for (int round = 0; round < 100 && followOnce(); round++) {
                // A full window found: more may be waiting.
            }
        } catch (RuntimeException e) {
            if (!follower.isShutdown()) {
                LOG.warn("following the live index failed, retried: {}", e.getMessage());
            }
        }
    }

    /** @return true when every ordinal asked for was found (look again at once) */
    private boolean followOnce() {
        List<Long> wanted = new ArrayList<>(FOLLOW_WINDOW);
        synchronized (lock) {
            for (long o = nextToDeliver; o < nextToDeliver + FOLLOW_WINDOW; o++) {
                if (!storing.contains(o) && !stored.containsKey(o)) {
                    wanted.add(o);
                }
            }
        }
        Map<Long, List<LiveEvent>> found = repository.publishes(wanted);
        Long missing = null;
        synchronized (lock) {
            found.forEach(this::arrived);
            long d = nextToDeliver;
            boolean later = stored.higherKey(d) != null || storing.higher(d) != null;
            if (storing.contains(d) || !later) {
                missingSince = -1;
            } else if (missingSince < 0) {
                missingSince = System.nanoTime();
            } else if (System.nanoTime() - missingSince >= props.gapWait().toNanos()) {
                missing = d;
            }
        }
        if (missing != null) {
            settle(missing);
        }
        return !wanted.isEmpty() && found.size() == wanted.size();
    }

    /** Stops following the other processes. */
    @PreDestroy
    @Override
    public void close() {
        follower.shutdownNow();
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
                    // A new client gets what happens from now on, not the publishes a starting
                    // process delivers again (to make sure none being stored is missed).
                    AtomicLong last = new AtomicLong(lastEventId == null ? reg.newFrom() : lastEventId);
                    Flux<LiveEvent> replay = lastEventId == null || lastEventId >= reg.deliveredUpTo()
                            ? Flux.empty() : replay(lastEventId, reg.deliveredUpTo());
                    return Flux.concat(replay, reg.subscriber().sink.asFlux())
                            .filter(e -> e.seq() > last.get())
                            .doOnNext(e -> last.set(e.seq()))
                            .filter(e -> visible(caller, e))
                            .doFinally(signal -> subscribers.remove(reg.subscriber()));
                });
    }

    /**
     * A subscriber, the last number delivered before it registered, and the last number before
     * what a client without Last-Event-ID gets.
     */
    private record Registration(Subscriber subscriber, long deliveredUpTo, long newFrom) {
    }

    private Registration register() {
        synchronized (lock) {
            start();
            Subscriber sub = new Subscriber(props.subscriberBuffer());
            subscribers.add(sub);
            return new Registration(sub, Numbering.first(nextToDeliver) - 1,
                    Numbering.first(Math.max(nextToDeliver, firstNew)) - 1);
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
