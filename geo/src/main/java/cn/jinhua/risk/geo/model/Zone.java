package cn.jinhua.risk.geo.model;

import org.locationtech.jts.geom.Polygon;

/**
 * An area feature: MOUNTAIN_AREA, HAZARD (with its {@code hazard} kind), COVERAGE_GAP or
 * INDUSTRIAL_PARK.
 *
 * @param hazard the hazard kind for HAZARD zones, null otherwise
 */
public record Zone(String id, FeatureType type, Scenario scenario, String name, String nameZh,
                   Polygon geometry, HazardKind hazard) implements WorldFeature {
}
