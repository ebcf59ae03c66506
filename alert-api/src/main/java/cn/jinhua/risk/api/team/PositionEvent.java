package cn.jinhua.risk.api.team;

import io.micronaut.core.annotation.Nullable;

/**
 * The live event of a team's new position ({@code docs/api.md} "Live stream").
 *
 * @param action always POSITION
 * @param ts when the team was there
 * @param accuracyM metres, if known
 */
public record PositionEvent(String action, String teamId, double lat, double lon, String ts, @Nullable Double accuracyM) {
}
