package cn.jinhua.risk.geo.index;

import cn.jinhua.risk.geo.geodesy.LocalProjection;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Distances in metres from a point to lines and polygon boundaries, computed in a
 * {@link LocalProjection} centred on the point without allocating. Accurate to about 0.1 % within
 * 20 km. Thread-safe and stateless.
 */
final class MetricDistance {
    private MetricDistance() {
    }

    /** Metres from (lon, lat) to the nearest point of a line. */
    static double toLine(double lon, double lat, LineString line) {
        LocalProjection p = new LocalProjection(lon, lat);
        return toSequence(p, line.getCoordinateSequence());
    }

    /** Metres from (lon, lat) to the nearest point of a polygon's boundary (shell and holes). */
    static double toBoundary(double lon, double lat, Polygon polygon) {
        LocalProjection p = new LocalProjection(lon, lat);
        double best = toSequence(p, polygon.getExteriorRing().getCoordinateSequence());
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            best = Math.min(best, toSequence(p, polygon.getInteriorRingN(i).getCoordinateSequence()));
        }
        return best;
    }

    private static double toSequence(LocalProjection p, CoordinateSequence seq) {
        double best = Double.POSITIVE_INFINITY;
        double ax = p.x(seq.getX(0));
        double ay = p.y(seq.getY(0));
        if (seq.size() == 1) {
            return Math.hypot(ax, ay);
        }
        for (int i = 1; i < seq.size(); i++) {
            double bx = p.x(seq.getX(i));
            double by = p.y(seq.getY(i));
            best = Math.min(best, originToSegment(ax, ay, bx, by));
            ax = bx;
            ay = by;
        }
        return best;
    }

    private static double originToSegment(double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
        return Math.hypot(ax + t * dx, ay + t * dy);
    }
}
