package cn.jinhua.risk.geo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.geo.geojson.GeoJsonGeometries;
import cn.jinhua.risk.geo.index.SpatialIndex;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Scenario;
import cn.jinhua.risk.geo.model.Zone;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/** The index's area lookups agree with testing every area by brute force, wherever the point is. */
class SpatialIndexAgreementTest {

    @Property(tries = 25)
    void lookupsOverManyAreasAgreeWithTestingEveryArea(@ForAll @Size(min = 1, max = 600) List<@From("triangles") Polygon> areas,
                                                      @ForAll @Size(max = 1_000) List<@From("points") Coordinate> random) {
        List<Zone> zones = new ArrayList<>();
        for (int i = 0; i < areas.size(); i++) {
            zones.add(new Zone("z" + i, FeatureType.COVERAGE_GAP, Scenario.LOST_PERSON, "z" + i, "z" + i, areas.get(i), null));
        }
        SpatialIndex idx = new SpatialIndex(zones);
        List<Coordinate> probes = new ArrayList<>(random);
        // Vertices and edge midpoints: on a boundary, which counts as inside.
        for (Zone z : zones.subList(0, Math.min(100, zones.size()))) {
            Coordinate[] ring = z.geometry().getCoordinates();
            probes.add(ring[1]);
            probes.add(new Coordinate((ring[0].x + ring[1].x) / 2, (ring[0].y + ring[1].y) / 2));
        }
        int hits = 0;
        for (Coordinate c : probes) {
            var pt = GeoJsonGeometries.FACTORY.createPoint(c);
            List<String> expected = zones.stream().filter(z -> z.geometry().covers(pt)).map(Zone::id).toList();
            assertThat(idx.areaIdsAt(c.x, c.y)).as("areas at %s", c).isEqualTo(expected);
            hits += expected.isEmpty() ? 0 : 1;
        }
        // The vertices at least are inside (an edge midpoint may round to just outside).
        assertThat(hits).as("probes inside some area").isGreaterThanOrEqualTo(Math.min(100, zones.size()));
    }

    /** Triangles of 0.002–0.032° inside 119–119.5 E, 29–29.5 N, overlapping often. */
    @Provide
    Arbitrary<Polygon> triangles() {
        Arbitrary<Double> lon = Arbitraries.doubles().between(119.0, 119.5).ofScale(6);
        Arbitrary<Double> lat = Arbitraries.doubles().between(29.0, 29.5).ofScale(6);
        Arbitrary<Double> size = Arbitraries.doubles().between(0.002, 0.032).ofScale(6);
        return Combinators.combine(lon, lat, size).as((x, y, s) -> GeoJsonGeometries.FACTORY.createPolygon(new Coordinate[] {
            new Coordinate(x, y), new Coordinate(x + s, y + s / 3), new Coordinate(x + s / 2, y + s), new Coordinate(x, y)}));
    }

    @Provide
    Arbitrary<Coordinate> points() {
        return Combinators.combine(Arbitraries.doubles().between(119.0, 119.55).ofScale(6),
                Arbitraries.doubles().between(29.0, 29.55).ofScale(6)).as(Coordinate::new);
    }
}
