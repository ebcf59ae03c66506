package cn.jinhua.risk.api.security;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.Team;
import java.util.List;

/**
 * The teams a FIELD_TEAM account may act for: the TEAM features of the world as the job runs it
 * now, the world files with the live changes it accepted ({@code docs/api.md} "Roles and login").
 * An account of a team put in live logs in once the job accepted the team; one of a team taken out
 * live, or never put in, is refused with the reason, at login and with a token it already holds.
 * The API's roster follows its live world (the world package implements it); {@link #of} is one
 * world's, never changing. Implementations are thread-safe.
 */
public interface TeamRoster {
    /** Whether {@code teamId} is a TEAM of the world now; false for null. */
    boolean has(String teamId);

    /** The ids of the TEAMs of the world now, in the world's order. */
    List<String> teamIds();

    /** The TEAMs of one world, never changing: the world files for the accounts tool, and tests. */
    static TeamRoster of(World world) {
        List<String> ids = world.all(Team.class).stream().map(Team::id).toList();
        return new TeamRoster() {
            @Override
            public boolean has(String teamId) {
                return teamId != null && world.find(teamId, Team.class).isPresent();
            }

            @Override
            public List<String> teamIds() {
                return ids;
            }
        };
    }
}
