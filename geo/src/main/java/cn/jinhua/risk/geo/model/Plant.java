package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.Polygon;

/**
 * A plating plant; its polygon is the walled enclosure (containment tier 2).
 *
 * @param gateRampCm height of the ramp at the enclosure gate in centimetres
 * @param gateSensor id of the GATE_WATER_DEPTH sensor at the gate
 * @param poolId id of the plant's emergency pool (TANK)
 * @param teamId id of the plant's ENTERPRISE team
 */
public record Plant(String id, Scenario scenario, String name, String nameZh, Polygon geometry,
                    double gateRampCm, String gateSensor, String poolId, String teamId)
        implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.PLANT;
    }
}
