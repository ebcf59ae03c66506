package cn.jinhua.risk.api.dispatch;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A team recommended for an incident, with its straight-line distance and ETA.
 *
 * @param distanceM metres from the team's base to the incident
 * @param etaSeconds travel time at the team role's speed
 * @param part the part of the response it fills, e.g. "1 command", "3 core", "N volunteer", "level PARK", "sluice"
 */
@Serdeable
public record RecommendedTeam(String teamId, String name, @Nullable String nameZh, String role, @Nullable String level,
                              double distanceM, long etaSeconds, String part) {
}
