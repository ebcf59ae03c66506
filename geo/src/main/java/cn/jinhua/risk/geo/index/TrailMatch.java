package cn.jinhua.risk.geo.index;

import cn.jinhua.risk.geo.model.Trail;

/**
 * The trail nearest to a point.
 *
 * @param distanceM distance from the point to the trail's line, metres
 * @param inCorridor whether that distance is within the trail's {@code corridorM}
 */
public record TrailMatch(Trail trail, double distanceM, boolean inCorridor) {
}
