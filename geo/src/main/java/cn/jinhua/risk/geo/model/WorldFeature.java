package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.Geometry;

/**
 * A feature of the world. Geometries are WGS84 with x = longitude, y = latitude. Implementations
 * are immutable records; the JTS geometry inside must not be mutated by callers.
 */
public sealed interface WorldFeature
        permits Zone, Trail, Place, Team, Plant, Tank, Pipe, Creek, CreekReservoir, Sluice,
        WaterQualityStation, Sensor {

    String id();

    FeatureType type();

    Scenario scenario();

    String name();

    /** Chinese name; falls back to {@link #name()} when the world has none. */
    String nameZh();

    Geometry geometry();
}
