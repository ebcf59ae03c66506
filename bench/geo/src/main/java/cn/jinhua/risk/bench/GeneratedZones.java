package cn.jinhua.risk.bench;

import cn.jinhua.risk.geo.geojson.GeoJsonGeometries;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/** Deterministic benchmark input: irregular star-shaped polygons scattered over a region around Jinhua. */
final class GeneratedZones {
    private GeneratedZones() {
    }

    /** {@code count} polygons of {@code vertices} vertices, each about 1–3 km across, in a 1.2° × 1.2° square. */
    static List<Polygon> polygons(int count, int vertices, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Polygon> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double cx = 119.0 + rnd.nextDouble() * 1.2;
            double cy = 28.6 + rnd.nextDouble() * 1.2;
            double r = 0.005 + rnd.nextDouble() * 0.01;
            Coordinate[] ring = new Coordinate[vertices + 1];
            for (int v = 0; v < vertices; v++) {
                double a = 2 * Math.PI * v / vertices;
                double rr = r * (0.6 + 0.4 * rnd.nextDouble());
                ring[v] = new Coordinate(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
            }
            ring[vertices] = ring[0].copy();
            out.add(GeoJsonGeometries.FACTORY.createPolygon(ring));
        }
        return out;
    }

    /** {@code count} query points in the same square, about a third of them inside some polygon. */
    static double[][] points(List<Polygon> polygons, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] pts = new double[count][2];
        for (int i = 0; i < count; i++) {
            if (i % 3 == 0) {
                Coordinate c = polygons.get(rnd.nextInt(polygons.size())).getCentroid().getCoordinate();
                pts[i][0] = c.x;
                pts[i][1] = c.y;
            } else {
                pts[i][0] = 119.0 + rnd.nextDouble() * 1.2;
                pts[i][1] = 28.6 + rnd.nextDouble() * 1.2;
            }
        }
        return pts;
    }
}
