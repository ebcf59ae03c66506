package cn.jinhua.risk.geo.index;

import cn.jinhua.risk.geo.model.WorldFeature;

/**
 * An area feature and how far a point is from it.
 *
 * @param distanceM metres from the point to the area, 0 when inside
 */
public record AreaDistance(WorldFeature area, double distanceM) {
}
