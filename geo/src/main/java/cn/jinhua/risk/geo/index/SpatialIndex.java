package cn.jinhua.risk.geo.index;

import cn.jinhua.risk.geo.geodesy.LocalProjection;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Trail;
import cn.jinhua.risk.geo.model.WorldFeature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Spatial queries over the world's areas and trails. Areas (every Polygon feature: mountain area,
 * hazards, coverage gaps, park, plants, creek reach) sit in an STRtree, frozen into flat arrays for
 * point lookups ({@link PackedPointTree}); each area is prepared once with a JTS point locator (a
 * segment index for long rings, a plain ring walk for small polygons), used directly so that a
 * lookup allocates no Point. A point on an area's boundary counts as inside. Trails sit in a
 * second STRtree (a closed trail is left out: nobody is on it); trail and area distances are metres, computed in a local metric projection
 * around the query point. Coordinates are (lon, lat): x = longitude, y = latitude. Immutable and
 * thread-safe once built (everything is built in the constructor and only read afterwards).
 */
public final class SpatialIndex {
    private static final double TRAIL_SEARCH_START_M = 2_000;
    /**
     * Small nodes: a point query then tests fewer envelopes per level. Measured over 1,000 zones
     * (bench/), capacity 4 answers about a third faster than JTS's default of 10.
     */
    private static final int NODE_CAPACITY = 4;

    private final STRtree areas = new STRtree(NODE_CAPACITY);
    private final STRtree trails = new STRtree(NODE_CAPACITY);
    private final int trailCount;
    private final PackedPointTree<Area> pointTree;

    /**
     * Polygons up to this many vertices are located by a plain ring walk: measured over 1,000
     * zones of 20 vertices (bench/), that is faster than the segment index, whose query overhead
     * only pays off for long rings such as a mountain boundary.
     */
    private static final int SMALL_POLYGON_VERTICES = 64;

    /** An indexed area; the locator answers point queries without allocating a Point. */
    private record Area(WorldFeature feature, Polygon polygon, PointOnGeometryLocator locator, int order) {
        static Area of(WorldFeature feature, Polygon polygon, int order) {
            PointOnGeometryLocator locator = polygon.getNumPoints() <= SMALL_POLYGON_VERTICES
                    ? new SimplePointInAreaLocator(polygon)
                    : new IndexedPointInAreaLocator(polygon);
            return new Area(feature, polygon, locator, order);
        }

        boolean covers(Coordinate c) {
            return locator.locate(c) != Location.EXTERIOR;
        }
    }

    public SpatialIndex(List<? extends WorldFeature> features) {
        int order = 0;
        int trailsSeen = 0;
        for (WorldFeature f : features) {
            if (f.geometry() instanceof Polygon p) {
                Area a = Area.of(f, p, order++);
                // The locator builds its index lazily; touch it now so that concurrent readers
                // never race on the first build.
                a.covers(p.getInteriorPoint().getCoordinate());
                areas.insert(p.getEnvelopeInternal(), a);
            } else if (f instanceof Trail t && !t.closed()) {
                trails.insert(t.geometry().getEnvelopeInternal(), t);
                trailsSeen++;
            }
        }
        areas.build();
        trails.build();
        this.pointTree = new PackedPointTree<>(areas);
        this.trailCount = trailsSeen;
    }

    /** Area features that contain (or whose boundary touches) the point, in world order. */
    public List<WorldFeature> areasAt(double lon, double lat) {
        Hits hits = new Hits(new Coordinate(lon, lat));
        pointTree.query(lon, lat, hits);
        // Most points fall in no area or in one: answer those without a list of hits.
        if (hits.first == null) {
            return List.of();
        }
        if (hits.more == null) {
            return List.of(hits.first.feature());
        }
        hits.more.add(hits.first);
        hits.more.sort(Comparator.comparingInt(Area::order));
        List<WorldFeature> out = new ArrayList<>(hits.more.size());
        for (Area a : hits.more) {
            out.add(a.feature());
        }
        return out;
    }

    /** The areas covering one query point, gathered during the tree walk. */
    private static final class Hits implements PackedPointTree.Visitor<Area> {
        private final Coordinate point;
        private Area first;
        private List<Area> more;

        Hits(Coordinate point) {
            this.point = point;
        }

        @Override
        public void visit(Area a) {
            if (!a.covers(point)) {
                return;
            }
            if (first == null) {
                first = a;
            } else {
                if (more == null) {
                    more = new ArrayList<>(4);
                }
                more.add(a);
            }
        }
    }

    /** Ids of the area features containing the point, in world order. */
    public List<String> areaIdsAt(double lon, double lat) {
        return areasAt(lon, lat).stream().map(WorldFeature::id).toList();
    }

    /** Whether the point is inside an area of the given type. */
    public boolean insideAny(double lon, double lat, FeatureType type) {
        return areasAt(lon, lat).stream().anyMatch(f -> f.type() == type);
    }

    /** Whether the point is inside a COVERAGE_GAP (no mobile coverage). */
    public boolean inCoverageGap(double lon, double lat) {
        return insideAny(lon, lat, FeatureType.COVERAGE_GAP);
    }

    /** The plant whose enclosure contains the point, if any. */
    public Optional<Plant> plantAt(double lon, double lat) {
        return areasAt(lon, lat).stream().filter(Plant.class::isInstance).map(Plant.class::cast).findFirst();
    }

    /**
     * Area features of a type within {@code distanceM} metres of the point (0 when inside), with
     * their distances, nearest first.
     */
    public List<AreaDistance> areasWithin(double lon, double lat, double distanceM, FeatureType type) {
        double[] mpd = new LocalProjection(lon, lat).metresPerDegree();
        Envelope search = new Envelope(lon, lon, lat, lat);
        search.expandBy(distanceM / mpd[0], distanceM / mpd[1]);
        Coordinate c = new Coordinate(lon, lat);
        List<AreaDistance> out = new ArrayList<>();
        areas.query(search, item -> {
            Area a = (Area) item;
            if (a.feature().type() != type) {
                return;
            }
            double d = a.covers(c) ? 0.0 : MetricDistance.toBoundary(lon, lat, a.polygon());
            if (d <= distanceM) {
                out.add(new AreaDistance(a.feature(), d));
            }
        });
        out.sort(Comparator.comparingDouble(AreaDistance::distanceM));
        return out;
    }

    /** Metres from the point to an area feature's polygon, 0 when inside or on its boundary. */
    public static double distanceToAreaM(double lon, double lat, Polygon area) {
        Point pt = area.getFactory().createPoint(new Coordinate(lon, lat));
        return area.covers(pt) ? 0.0 : MetricDistance.toBoundary(lon, lat, area);
    }

    /**
     * The trail nearest to the point, with the distance in metres and whether the point is inside
     * its corridor; empty when the world has no trails.
     */
    public Optional<TrailMatch> nearestTrail(double lon, double lat) {
        if (trailCount == 0) {
            return Optional.empty();
        }
        double[] mpd = new LocalProjection(lon, lat).metresPerDegree();
        double radius = TRAIL_SEARCH_START_M;
        while (true) {
            Envelope search = new Envelope(lon, lon, lat, lat);
            search.expandBy(radius / mpd[0], radius / mpd[1]);
            Trail[] best = {null};
            double[] bestD = {Double.POSITIVE_INFINITY};
            trails.query(search, item -> {
                Trail t = (Trail) item;
                double d = MetricDistance.toLine(lon, lat, t.geometry());
                // Ties (trails meeting at a junction) go to the smaller id, whatever the tree's order.
                if (d < bestD[0] || d == bestD[0] && best[0] != null && t.id().compareTo(best[0].id()) < 0) {
                    bestD[0] = d;
                    best[0] = t;
                }
            });
            // Within the box's inscribed circle nothing outside the box can be nearer.
            boolean wholeWorld = search.covers(trails.getRoot().getBounds() instanceof Envelope e ? e : search);
            if (best[0] != null && (bestD[0] <= radius || wholeWorld)) {
                return Optional.of(new TrailMatch(best[0], bestD[0], bestD[0] <= best[0].corridorM()));
            }
            radius *= 4;
        }
    }
}
