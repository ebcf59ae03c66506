package cn.jinhua.risk.geo.search;

import cn.jinhua.risk.geo.geodesy.LocalProjection;
import cn.jinhua.risk.geo.geojson.GeoJsonGeometries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Builds a {@link SearchArea}: rings at the configured lost-person distances around the last
 * known position, each capped by elapsed time × walking speed (never below the floor), widened by
 * the position's own uncertainty, and clipped to the patrol area. Circles are drawn in a local metric projection centred on the position, so
 * radii are true metres. Thread-safe and immutable.
 */
public final class SearchAreaEstimator {
    private final SearchAreaConfig config;

    public SearchAreaEstimator(SearchAreaConfig config) {
        this.config = config;
    }

    public SearchAreaConfig config() {
        return config;
    }

    /** Rings around a position known exactly (no uncertainty). */
    public SearchArea estimate(double lon, double lat, Duration elapsed, Polygon clip) {
        return estimate(lon, lat, 0, elapsed, clip);
    }

    /**
     * Rings around a last known position that is itself uncertain: the person was within
     * {@code uncertaintyM} of it when it was taken and has moved since, so every ring is widened
     * by the uncertainty (a ±800 m call never gets rings under 800 m).
     *
     * @param lon last known longitude
     * @param lat last known latitude
     * @param uncertaintyM the position's radius of uncertainty in metres (its accuracy); negative
     *     or NaN counts as zero
     * @param elapsed time since the last known position (negative counts as zero)
     * @param clip the patrol area to clip to, or null to keep whole discs
     */
    public SearchArea estimate(double lon, double lat, double uncertaintyM, Duration elapsed, Polygon clip) {
        Duration e = elapsed.isNegative() ? Duration.ZERO : elapsed;
        double uncertainty = uncertaintyM > 0 ? uncertaintyM : 0;
        double reachM = Math.max(config.minRadiusM(), e.toMillis() / 3_600_000.0 * config.walkingSpeedKmh() * 1000.0);
        LocalProjection proj = new LocalProjection(lon, lat);
        Geometry clipMetric = clip == null ? null : proj.project(clip);
        Geometry centre = GeoJsonGeometries.FACTORY.createPoint(new Coordinate(0, 0));
        List<SearchArea.Ring> rings = new ArrayList<>();
        for (int i = 0; i < config.radiiKm().size(); i++) {
            double nominal = config.radiiKm().get(i) * 1000.0;
            double radius = Math.min(nominal, reachM) + uncertainty;
            Geometry disc = centre.buffer(radius, config.circleSegments());
            if (clipMetric != null) {
                disc = disc.intersection(clipMetric);
            }
            rings.add(new SearchArea.Ring(config.percentiles().get(i), nominal, radius, proj.unproject(disc)));
        }
        return new SearchArea(lon, lat, uncertainty, e, rings);
    }
}
