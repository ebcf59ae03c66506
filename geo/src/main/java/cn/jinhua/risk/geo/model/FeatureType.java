package cn.jinhua.risk.geo.model;

/** The feature types of the world files (see seeds/README.md), with the geometry each must have. */
public enum FeatureType {
    MOUNTAIN_AREA("Polygon"),
    HAZARD("Polygon"),
    COVERAGE_GAP("Polygon"),
    TRAIL("LineString"),
    TRAILHEAD("Point"),
    PLACE("Point"),
    TEAM("Point"),
    INDUSTRIAL_PARK("Polygon"),
    PLANT("Polygon"),
    TANK("Point"),
    PIPE("LineString"),
    CREEK("LineString"),
    CREEK_RESERVOIR("Polygon"),
    SLUICE("Point"),
    WATER_QUALITY_STATION("Point"),
    SENSOR("Point");

    private final String geometryType;

    FeatureType(String geometryType) {
        this.geometryType = geometryType;
    }

    /** The GeoJSON geometry type a feature of this type must have. */
    public String geometryType() {
        return geometryType;
    }
}
