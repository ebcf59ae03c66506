package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.Point;

/**
 * A sensor.
 *
 * @param unit the unit its readings carry (always {@code kind.unit()})
 * @param siteId the feature the sensor measures (a TANK, PLANT, SLUICE, station, reservoir, park)
 * @param min lower limit of the creek standard, null when none
 * @param max upper limit of the creek standard, null when none
 */
public record Sensor(String id, Scenario scenario, String name, String nameZh, Point geometry,
                     SensorKind kind, String unit, String siteId, Double min, Double max)
        implements WorldFeature {
    @Override
    public FeatureType type() {
        return FeatureType.SENSOR;
    }

    /** Whether a reading is within the sensor's limits (true when it has none). */
    public boolean withinLimits(double value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }
}
