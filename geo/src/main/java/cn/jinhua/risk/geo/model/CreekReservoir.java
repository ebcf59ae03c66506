package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.Polygon;

/**
 * The creek reach between the two sluices, used as holding space (containment tier 3).
 *
 * @param capacityM3 holding volume when full, m³
 * @param depthM level at which the reach is full, m
 * @param levelSensor id of the CREEK_LEVEL sensor (metres)
 */
public record CreekReservoir(String id, Scenario scenario, String name, String nameZh,
                             Polygon geometry, double capacityM3, double depthM, String levelSensor)
        implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.CREEK_RESERVOIR;
    }
}
