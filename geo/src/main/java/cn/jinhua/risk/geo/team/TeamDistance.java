package cn.jinhua.risk.geo.team;

import cn.jinhua.risk.geo.model.Team;
import java.time.Duration;

/**
 * A team with its straight-line distance to a place and the ETA at its role's speed.
 *
 * @param distanceM geodesic metres from the team's base
 */
public record TeamDistance(Team team, double distanceM, Duration eta) {
}
