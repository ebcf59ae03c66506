package cn.jinhua.risk.geo.geodesy;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * A local metric plane around an origin, for buffers, clipping and point-to-line distances.
 * Maps (lon, lat) to (east, north) metres using the WGS84 meridional and prime-vertical radii of
 * curvature at the origin's latitude (a local equirectangular projection). Within 20 km of the
 * origin at these latitudes the scale error stays below 0.1 %; farther away use {@link Geodesy}.
 * Immutable and thread-safe.
 */
public final class LocalProjection {
    private static final double A = 6378137.0;
    private static final double F = 1 / 298.257223563;
    private static final double E2 = F * (2 - F);

    private final double lon0;
    private final double lat0;
    private final double metresPerDegLon;
    private final double metresPerDegLat;

    public LocalProjection(double lon0, double lat0) {
        this.lon0 = lon0;
        this.lat0 = lat0;
        double phi = Math.toRadians(lat0);
        double s = Math.sin(phi);
        double w = Math.sqrt(1 - E2 * s * s);
        double primeVertical = A / w;
        double meridional = A * (1 - E2) / (w * w * w);
        this.metresPerDegLon = Math.toRadians(1) * primeVertical * Math.cos(phi);
        this.metresPerDegLat = Math.toRadians(1) * meridional;
    }

    public double originLon() {
        return lon0;
    }

    public double originLat() {
        return lat0;
    }

    public double x(double lon) {
        return (lon - lon0) * metresPerDegLon;
    }

    public double y(double lat) {
        return (lat - lat0) * metresPerDegLat;
    }

    public double lon(double x) {
        return lon0 + x / metresPerDegLon;
    }

    public double lat(double y) {
        return lat0 + y / metresPerDegLat;
    }

    /** Metres per degree of longitude and latitude at the origin: {east, north}. */
    public double[] metresPerDegree() {
        return new double[] {metresPerDegLon, metresPerDegLat};
    }

    /** A projected copy of a WGS84 geometry (x = lon, y = lat in; metres out). */
    public Geometry project(Geometry wgs84) {
        Geometry copy = wgs84.copy();
        copy.apply(new Transform(true));
        copy.geometryChanged();
        return copy;
    }

    /** A WGS84 copy of a projected geometry. */
    public Geometry unproject(Geometry metric) {
        Geometry copy = metric.copy();
        copy.apply(new Transform(false));
        copy.geometryChanged();
        return copy;
    }

    private final class Transform implements CoordinateSequenceFilter {
        private final boolean forward;

        Transform(boolean forward) {
            this.forward = forward;
        }

        @Override
        public void filter(CoordinateSequence seq, int i) {
            Coordinate c = seq.getCoordinate(i);
            double nx = forward ? x(c.x) : lon(c.x);
            double ny = forward ? y(c.y) : lat(c.y);
            seq.setOrdinate(i, 0, nx);
            seq.setOrdinate(i, 1, ny);
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
