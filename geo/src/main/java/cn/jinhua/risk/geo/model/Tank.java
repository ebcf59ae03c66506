package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.Point;

/**
 * A plant's emergency pool (containment tier 1), modelled as prismatic: volume is proportional
 * to level, fill % = level / depth.
 *
 * @param capacityM3 volume when full, m³
 * @param depthM depth when full, m
 * @param highPct fill % of the HIGH alarm
 * @param highHighPct fill % of the HIGH-HIGH alarm
 * @param readinessMaxPct fill % a pool should stay under outside an incident
 * @param levelSensor id of the TANK_LEVEL sensor (metres)
 */
public record Tank(String id, Scenario scenario, String name, String nameZh, Point geometry,
                   String plantId, double capacityM3, double depthM, double highPct,
                   double highHighPct, double readinessMaxPct, String levelSensor)
        implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.TANK;
    }

    /** Surface area in m², from capacity and depth. */
    public double areaM2() {
        return capacityM3 / depthM;
    }

    /** Fill percentage (may exceed 100 for a reading above the rim, or be negative for noise). */
    public double fillPct(double levelM) {
        return levelM / depthM * 100.0;
    }

    /** Level in metres at a fill percentage. */
    public double levelAtPct(double pct) {
        return depthM * pct / 100.0;
    }

    /** Stored volume in m³ at a level, clamped to [0, capacity]. */
    public double volumeM3(double levelM) {
        return Math.max(0.0, Math.min(capacityM3, levelM * areaM2()));
    }

    /** Volume in m³ that still fits below {@code ceilingPct} at a level; never negative. */
    public double spareM3(double levelM, double ceilingPct) {
        return Math.max(0.0, (levelAtPct(ceilingPct) - levelM) * areaM2());
    }
}
