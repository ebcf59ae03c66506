package cn.jinhua.risk.api.world;

import cn.jinhua.risk.api.control.ControlChange;
import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldEdits;
import cn.jinhua.risk.geo.load.WorldLoadException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The world as the job runs it ({@code docs/rules.md} "World changes"): the world files with the
 * world changes the job accepted, in the order it decided them, each counting until its expiry.
 * The teams, sensors, plants and pools the API shows, dispatches to and reads telemetry of are
 * this world's: a plant put in live is on the map, its team can be dispatched and its readings
 * shown.
 *
 * <p>The changes come from the recorded change log ({@link #refresh}, every few seconds); the world
 * is rebuilt only when the accepted changes differ from the last ones, and when an expiry passes,
 * from the changes read last: {@link #world} never reads the log, so it may be called on an event
 * loop. A change that does not load here (the API started with other world files than the job) is
 * left out with an error logged once, and the others still count. Thread-safe: readers get an
 * immutable world from a volatile field; the same instance until the world changes, so a reader may
 * cache what it derives from it by identity.
 */
public final class LiveWorld {
    private static final Logger LOG = LoggerFactory.getLogger(LiveWorld.class);

    private final World files;
    private final Supplier<List<ControlChange>> worldChanges;
    private final Clock clock;
    private final Set<String> loggedBroken = new HashSet<>();
    private volatile Built built;

    /** The world made, the accepted changes it was made of, and when the next of them expires. */
    private record Built(World world, List<ControlChange> accepted, Instant nextExpiry) {
        List<String> changeIds() {
            return accepted.stream().map(ControlChange::changeId).toList();
        }
    }

    /**
     * @param worldChanges the recorded world changes in the order the job decides them, accepted or not
     */
    public LiveWorld(World files, Supplier<List<ControlChange>> worldChanges, Clock clock) {
        this.files = files;
        this.worldChanges = worldChanges;
        this.clock = clock;
        this.built = new Built(files, List.of(), null);
    }

    /** The world files alone, never changed (tests, and an API that does not follow the control topics). */
    public static LiveWorld fixed(World files) {
        return new LiveWorld(files, List::of, Clock.systemUTC());
    }

    /** The world files, without the live changes. */
    public World files() {
        return files;
    }

    /** The world now: without the changes expired by now. Reads no change log. */
    public World world() {
        Built b = built;
        if (b.nextExpiry() != null && !clock.instant().isBefore(b.nextExpiry())) {
            expire(b);
            b = built;
        }
        return b.world();
    }

    /** Reads the change log again and rebuilds the world when the accepted changes differ. */
    public void refresh() {
        List<ControlChange> accepted = accepted();
        List<String> ids = accepted.stream().map(ControlChange::changeId).toList();
        synchronized (this) {
            if (!ids.equals(built.changeIds())) {
                rebuild(accepted);
            }
        }
    }

    /** Rebuilds from the changes {@code seen} was made of, unless another thread rebuilt the world meanwhile. */
    private synchronized void expire(Built seen) {
        if (built == seen) {
            rebuild(seen.accepted());
        }
    }

    private List<ControlChange> accepted() {
        return worldChanges.get().stream().filter(ControlChange::accepted).toList();
    }

    private synchronized void rebuild(List<ControlChange> accepted) {
        Instant now = clock.instant();
        Instant nextExpiry = null;
        List<List<WorldEdits.Edit>> byChange = new ArrayList<>();
        for (ControlChange c : accepted) {
            List<WorldEdits.Edit> edits = new ArrayList<>();
            for (ControlChange.FeatureEdit e : c.featureEdits()) {
                Instant expires = e.expiresAt() == null ? null : IsoTimes.parseInstant(e.expiresAt());
                if (expires != null && !now.isBefore(expires)) {
                    continue;
                }
                if (expires != null && (nextExpiry == null || expires.isBefore(nextExpiry))) {
                    nextExpiry = expires;
                }
                edits.add(new WorldEdits.Edit(e.featureId(), e.feature() == null ? null : e.feature().toString()));
            }
            byChange.add(edits);
        }
        built = new Built(made(accepted, byChange), List.copyOf(accepted), nextExpiry);
    }

    /** All the edits in one load; when that fails, change by change, leaving out those that do not load. */
    private World made(List<ControlChange> accepted, List<List<WorldEdits.Edit>> byChange) {
        List<WorldEdits.Edit> all = byChange.stream().flatMap(List::stream).toList();
        if (all.isEmpty()) {
            return files;
        }
        try {
            return WorldEdits.apply(files, all);
        } catch (WorldLoadException whole) {
            World w = files;
            for (int i = 0; i < accepted.size(); i++) {
                if (byChange.get(i).isEmpty()) {
                    continue;
                }
                try {
                    w = WorldEdits.apply(w, byChange.get(i));
                } catch (WorldLoadException ex) {
                    if (loggedBroken.add(accepted.get(i).changeId())) {
                        LOG.error("world change {} was accepted by the job but does not load on the API's world files;"
                                + " the API's world leaves it out: {}", accepted.get(i).changeId(), ex.getMessage());
                    }
                }
            }
            return w;
        }
    }
}
