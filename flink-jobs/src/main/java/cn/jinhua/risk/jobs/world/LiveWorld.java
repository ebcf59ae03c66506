package cn.jinhua.risk.jobs.world;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldEdits;
import cn.jinhua.risk.geo.load.WorldLoadException;
import cn.jinhua.risk.jobs.rules.LiveRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The world a rule operator decides with: the world the job started with, changed by the live
 * world changes ({@link LiveRules#world()}) that count at the operator's event time. The world
 * (its spatial index, pool network, team finder) is rebuilt only when it changes: a new world
 * version, or event time passing a change's expiry; between those, asking costs one comparison.
 *
 * <p>Not thread-safe: one per operator subtask.
 */
public final class LiveWorld {
    private static final Logger LOG = LoggerFactory.getLogger(LiveWorld.class);

    private final WorldSnapshot start;
    private LiveRules live;
    private World world;
    private int stamp;
    private long validUntil = Long.MAX_VALUE;

    public LiveWorld(WorldSnapshot start) {
        this.start = start;
        this.world = start.world();
    }

    /** The world in use. */
    public World world() {
        return world;
    }

    /** Which world is in use ({@link LiveRules#worldStampAt}); 0 for the world the job started with. */
    public int stamp() {
        return stamp;
    }

    /** Whether event time has passed an expiry, so that {@link #follow} would change the world. */
    public boolean expiredAt(long eventTime) {
        return eventTime >= validUntil;
    }

    /**
     * Follows these live rules at this event time.
     *
     * @return whether the world in use changed
     */
    public boolean follow(LiveRules rules, long eventTime) {
        live = rules;
        int next = rules.worldStampAt(eventTime);
        validUntil = rules.nextWorldExpiryAfter(eventTime);
        if (next == stamp) {
            return false;
        }
        try {
            world = next == 0 ? start.world() : WorldEdits.apply(start.world(), rules.worldAt(eventTime));
            stamp = next;
            return true;
        } catch (WorldLoadException e) {
            // The validator loaded this world before accepting the change; a world that no longer
            // loads is a defect, not a reason to stop deciding with the one in use.
            LOG.error("world version {} does not load; the rules keep world {}: {}", rules.worldVersion(), stamp,
                    e.getMessage());
            return false;
        }
    }

    /** Follows the rules last given at a later event time ({@link #expiredAt}); false before any. */
    public boolean followAt(long eventTime) {
        return live != null && follow(live, eventTime);
    }
}
