package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.LineString;

/**
 * A hiking trail.
 *
 * @param corridorM half-width of the trail corridor in metres: a fix within it is "on the trail"
 */
public record Trail(String id, Scenario scenario, String name, String nameZh, LineString geometry,
                    double corridorM) implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.TRAIL;
    }
}
