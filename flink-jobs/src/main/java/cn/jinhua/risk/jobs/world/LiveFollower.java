package cn.jinhua.risk.jobs.world;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.rules.LiveRules;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * How a rule operator follows the live rules in its broadcast state ({@link LiveRules#BROADCAST})
 * and the world they make ({@link LiveWorld}): asked on every record and timer, it answers with one
 * identity check (the same snapshot string as before) and one comparison (no world change expired)
 * until something changed.
 *
 * <p>Not thread-safe: one per operator subtask.
 */
public final class LiveFollower {
    private final LiveWorld world;
    private String appliedJson;
    private LiveRules applied;

    public LiveFollower(WorldSnapshot start) {
        this.world = new LiveWorld(start);
    }

    /**
     * Whether the rules or the world to decide with changed: a newer snapshot in the broadcast
     * state, or event time past a world change's expiry. Then {@link #rules()} and {@link #world()}
     * are the new ones.
     */
    public boolean changed(ReadOnlyBroadcastState<String, String> broadcast, long eventTime) throws Exception {
        String json = LiveRules.newer(broadcast, appliedJson);
        if (json == null) {
            return world.expiredAt(eventTime) && world.followAt(eventTime);
        }
        LiveRules rules = LiveRules.fromJson(json, RuleCatalogue.packaged());
        world.follow(rules, eventTime);
        appliedJson = json;
        applied = rules;
        return true;
    }

    /** The live rules in use; null before the first snapshot. */
    public LiveRules rules() {
        return applied;
    }

    /** The world in use. */
    public LiveWorld world() {
        return world;
    }
}
