package cn.jinhua.risk.api.team;

import java.util.Map;

/** The latest position of each team. */
public interface TeamPositionRepository {

    /** Stores a position unless a newer one (by {@code ts}) is stored; returns the one now stored. */
    TeamPosition saveIfNewer(TeamPosition position);

    /** Latest positions by team id. */
    Map<String, TeamPosition> all();
}
