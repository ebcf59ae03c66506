package cn.jinhua.risk.bench;

import cn.jinhua.risk.geo.index.SpatialIndex;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Scenario;
import cn.jinhua.risk.geo.model.WorldFeature;
import cn.jinhua.risk.geo.model.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Point-in-zone lookups: geo's {@link SpatialIndex} (STRtree over prepared geometries) against the
 * peer, a brute-force {@code covers} over every polygon. Each invocation looks up one point from a
 * fixed, deterministic set; both sides answer the same points.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PointInZoneBenchmark {
    @Param({"1000"})
    int polygons;

    @Param({"20"})
    int vertices;

    private SpatialIndex index;
    private List<Polygon> all;
    private double[][] points;
    private Point[] jtsPoints;
    private int next;

    @Setup
    public void setUp() {
        all = GeneratedZones.polygons(polygons, vertices, 42);
        List<WorldFeature> zones = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            zones.add(new Zone("z" + i, FeatureType.COVERAGE_GAP, Scenario.LOST_PERSON, "z" + i, "z" + i, all.get(i), null));
        }
        index = new SpatialIndex(zones);
        points = GeneratedZones.points(all, 4096, 7);
        GeometryFactory gf = all.get(0).getFactory();
        jtsPoints = new Point[points.length];
        for (int i = 0; i < points.length; i++) {
            jtsPoints[i] = gf.createPoint(new Coordinate(points[i][0], points[i][1]));
        }
    }

    @Benchmark
    public void indexed(Blackhole bh) {
        double[] p = points[next++ & 4095];
        bh.consume(index.areasAt(p[0], p[1]));
    }

    @Benchmark
    public void bruteForce(Blackhole bh) {
        Point p = jtsPoints[next++ & 4095];
        List<Polygon> hits = new ArrayList<>(4);
        for (Polygon poly : all) {
            if (poly.covers(p)) {
                hits.add(poly);
            }
        }
        bh.consume(hits);
    }
}
