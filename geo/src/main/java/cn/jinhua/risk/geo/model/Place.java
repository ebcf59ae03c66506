package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.Point;

/** A named point: TRAILHEAD or PLACE. */
public record Place(String id, FeatureType type, Scenario scenario, String name, String nameZh,
                    Point geometry) implements WorldFeature {
}
