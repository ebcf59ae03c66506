package cn.jinhua.risk.geo.geodesy;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;

/**
 * Geodesic distances and bearings on the WGS84 ellipsoid (GeographicLib, accurate to nanometres).
 * Arguments are degrees, results metres and degrees clockwise from north. Thread-safe and
 * stateless.
 */
public final class Geodesy {
    private static final Geodesic WGS84 = Geodesic.WGS84;

    private Geodesy() {
    }

    /** Distance in metres between two points given as (lon, lat). */
    public static double distanceM(double lon1, double lat1, double lon2, double lat2) {
        return WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /** Initial bearing in degrees [0, 360) from point 1 to point 2. */
    public static double bearingDeg(double lon1, double lat1, double lon2, double lat2) {
        double azi = WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.AZIMUTH).azi1;
        return (azi + 360.0) % 360.0;
    }

    /** The point {@code distanceM} metres from (lon, lat) along {@code bearingDeg}; returns {lon, lat}. */
    public static double[] destination(double lon, double lat, double bearingDeg, double distanceM) {
        GeodesicData d = WGS84.Direct(lat, lon, bearingDeg, distanceM);
        return new double[] {d.lon2, d.lat2};
    }
}
