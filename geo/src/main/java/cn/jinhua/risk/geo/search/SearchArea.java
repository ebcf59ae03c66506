package cn.jinhua.risk.geo.search;

import cn.jinhua.risk.geo.geojson.GeoJsonGeometries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * Where to search for a lost person: discs around the last known position, one per percentile,
 * each clipped to the patrol area. Immutable.
 *
 * @param lon last known longitude
 * @param lat last known latitude
 * @param uncertaintyM the last known position's radius of uncertainty, metres (0 when exact)
 * @param elapsed time since the last known position
 * @param rings innermost first
 */
public record SearchArea(double lon, double lat, double uncertaintyM, Duration elapsed, List<Ring> rings) {
    public SearchArea {
        rings = List.copyOf(rings);
    }

    /**
     * @param percentile share of lost hikers found within this ring
     * @param nominalRadiusM the statistical distance
     * @param radiusM the radius used: nominal, capped by elapsed time × speed, plus the position's uncertainty
     * @param area the disc clipped to the patrol area (WGS84); empty when it lies wholly outside
     */
    public record Ring(double percentile, double nominalRadiusM, double radiusM, Geometry area) {
    }

    /**
     * The area as a GeoJSON FeatureCollection in plain maps and lists: a Point feature for the last
     * known position (with {@code elapsedMinutes} and {@code uncertaintyM}), then one feature per
     * ring with {@code percentile}, {@code radiusM}, {@code nominalRadiusM}.
     */
    public Map<String, Object> toGeoJson() {
        List<Object> features = new ArrayList<>();
        Map<String, Object> lkpProps = new LinkedHashMap<>();
        lkpProps.put("kind", "LAST_KNOWN_POSITION");
        lkpProps.put("elapsedMinutes", elapsed.toMinutes());
        lkpProps.put("uncertaintyM", Math.round(uncertaintyM));
        features.add(feature(GeoJsonGeometries.write(GeoJsonGeometries.FACTORY.createPoint(
                new org.locationtech.jts.geom.Coordinate(lon, lat))), lkpProps));
        for (Ring r : rings) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("kind", "SEARCH_RING");
            props.put("percentile", r.percentile());
            props.put("radiusM", Math.round(r.radiusM()));
            props.put("nominalRadiusM", Math.round(r.nominalRadiusM()));
            features.add(feature(GeoJsonGeometries.write(r.area()), props));
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("features", features);
        return fc;
    }

    private static Map<String, Object> feature(Map<String, Object> geometry, Map<String, Object> props) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("geometry", geometry);
        f.put("properties", props);
        return f;
    }
}
