package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.LineString;

/**
 * A hiking trail.
 *
 * @param corridorM half-width of the trail corridor in metres: a fix within it is "on the trail"
 * @param closed closed (a landslide, a search): it stays on the map, but nobody is on it, so a
 *     position near it is judged by the other trails alone
 */
public record Trail(String id, Scenario scenario, String name, String nameZh, LineString geometry,
                    double corridorM, boolean closed) implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.TRAIL;
    }
}
