package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.LineString;

/** A creek; the coordinate order of its line is the flow direction. */
public record Creek(String id, Scenario scenario, String name, String nameZh, LineString geometry)
        implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.CREEK;
    }
}
