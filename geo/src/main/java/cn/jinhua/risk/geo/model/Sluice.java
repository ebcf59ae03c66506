package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.Point;

/**
 * A creek sluice gate.
 *
 * @param positionSensor id of the SLUICE_POSITION sensor (% open)
 */
public record Sluice(String id, Scenario scenario, String name, String nameZh, Point geometry,
                     SluiceRole role, String positionSensor) implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.SLUICE;
    }
}
