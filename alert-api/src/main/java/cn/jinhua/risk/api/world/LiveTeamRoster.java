package cn.jinhua.risk.api.world;

import cn.jinhua.risk.api.security.TeamRoster;
import cn.jinhua.risk.geo.model.Team;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The teams of the live world ({@link LiveWorld}) as the accounts see them: a FIELD_TEAM account
 * acts for its team while the team is in the world the job runs. Reads no change log, so it may be
 * asked on an event loop. Thread-safe.
 */
@Singleton
final class LiveTeamRoster implements TeamRoster {
    private final LiveWorld live;

    LiveTeamRoster(LiveWorld live) {
        this.live = live;
    }

    @Override
    public boolean has(String teamId) {
        return teamId != null && live.world().find(teamId, Team.class).isPresent();
    }

    @Override
    public List<String> teamIds() {
        return live.world().all(Team.class).stream().map(Team::id).toList();
    }
}
