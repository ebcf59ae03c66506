package cn.jinhua.risk.geo;

import static cn.jinhua.risk.geo.TestWorlds.box;
import static cn.jinhua.risk.geo.TestWorlds.feature;
import static cn.jinhua.risk.geo.TestWorlds.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.jinhua.risk.geo.geodesy.Geodesy;
import cn.jinhua.risk.geo.index.AreaDistance;
import cn.jinhua.risk.geo.index.SpatialIndex;
import cn.jinhua.risk.geo.index.TrailMatch;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Plant;
import org.junit.jupiter.api.Test;

class SpatialIndexTest {
    private static final World SEED = TestWorlds.seedWorld();

    @Test
    void shuanglongCaveCarParkIsInsideTheMountainAreaAndLuodianTownIsNot() {
        assertThat(SEED.index().areaIdsAt(119.6208, 29.2028)).contains("bs-mountain");
        assertThat(SEED.index().areaIdsAt(119.62, 29.15)).doesNotContain("bs-mountain");
    }

    @Test
    void xIsLongitudeAndYIsLatitude() {
        // Swapped (lat, lon) would be a point in the Indian Ocean, far from any zone.
        assertThat(SEED.index().areaIdsAt(119.6208, 29.2028)).isNotEmpty();
        assertThat(SEED.index().areaIdsAt(29.2028, 119.6208 - 90)).isEmpty();
        assertThat(SEED.require("th-shuanglong", cn.jinhua.risk.geo.model.Place.class).geometry().getX()).isEqualTo(119.6208);
    }

    @Test
    void boundaryPointsCountAsInsideAndHolesAsOutside() {
        String withHole = "{\"type\":\"Polygon\",\"coordinates\":[[[119,29],[119.1,29],[119.1,29.1],[119,29.1],[119,29]],"
                + "[[119.04,29.04],[119.06,29.04],[119.06,29.06],[119.04,29.06],[119.04,29.04]]]}";
        World w = TestWorlds.load(feature("m", "MOUNTAIN_AREA", withHole, ""));
        assertBoundaryAndHoleRules(w.index());
    }

    @Test
    void longRingsFollowTheSameBoundaryAndHoleRules() {
        // Past 64 vertices an area is located through JTS's segment index instead of a ring walk.
        String withHole = "{\"type\":\"Polygon\",\"coordinates\":[" + denseSquare(119.0, 29.0, 0.1, 100) + ","
                + denseSquare(119.04, 29.04, 0.02, 25) + "]}";
        World w = TestWorlds.load(feature("m", "MOUNTAIN_AREA", withHole, ""));
        assertThat(w.require("m", cn.jinhua.risk.geo.model.Zone.class).geometry().getNumPoints()).isGreaterThan(400);
        assertBoundaryAndHoleRules(w.index());
    }

    @Test
    void aWorldWithoutAreasAnswersEmpty() {
        World w = TestWorlds.load(feature("tr", "TRAIL", line(119.0, 29.0, 119.05, 29.0), "\"corridorM\":40"));
        assertThat(w.index().areaIdsAt(119.02, 29.0)).isEmpty();
    }

    /** Shell 119.0–119.1 × 29.0–29.1 with the hole 119.04–119.06 × 29.04–29.06, area id "m". */
    private static void assertBoundaryAndHoleRules(SpatialIndex idx) {
        assertThat(idx.areaIdsAt(119.0, 29.05)).containsExactly("m");
        assertThat(idx.areaIdsAt(119.02, 29.02)).containsExactly("m");
        assertThat(idx.areaIdsAt(119.05, 29.05)).isEmpty();
        assertThat(idx.areaIdsAt(119.04, 29.05)).containsExactly("m");
        assertThat(idx.areaIdsAt(119.1000001, 29.05)).isEmpty();
    }

    private static String denseSquare(double lon0, double lat0, double side, int perEdge) {
        StringBuilder ring = new StringBuilder("[");
        double[][] corners = {{lon0, lat0}, {lon0 + side, lat0}, {lon0 + side, lat0 + side}, {lon0, lat0 + side}};
        for (int e = 0; e < 4; e++) {
            double[] a = corners[e];
            double[] b = corners[(e + 1) % 4];
            for (int k = 0; k < perEdge; k++) {
                double t = (double) k / perEdge;
                ring.append('[').append(a[0] + (b[0] - a[0]) * t).append(',').append(a[1] + (b[1] - a[1]) * t).append("],");
            }
        }
        return ring.append('[').append(lon0).append(',').append(lat0).append("]]").toString();
    }

    @Test
    void overlappingAreasComeBackInWorldOrder() {
        World w = TestWorlds.load(
                feature("m", "MOUNTAIN_AREA", box(119.0, 29.0, 119.1, 29.1), ""),
                feature("gap", "COVERAGE_GAP", box(119.05, 29.05, 119.07, 29.07), ""));
        assertThat(w.index().areaIdsAt(119.06, 29.06)).containsExactly("m", "gap");
        assertThat(w.index().inCoverageGap(119.06, 29.06)).isTrue();
        assertThat(w.index().inCoverageGap(119.02, 29.02)).isFalse();
    }

    @Test
    void trailCorridorEdgeIsInclusive() {
        // An east-west trail along latitude 29.0; move north by exactly corridorM and a bit more.
        World w = TestWorlds.load(feature("tr", "TRAIL", line(119.0, 29.0, 119.05, 29.0), "\"corridorM\":40"));
        double[] at40 = Geodesy.destination(119.02, 29.0, 0, 40.0);
        double[] at41 = Geodesy.destination(119.02, 29.0, 0, 41.0);
        TrailMatch on = w.index().nearestTrail(at40[0], at40[1] - 1e-9).orElseThrow();
        TrailMatch off = w.index().nearestTrail(at41[0], at41[1]).orElseThrow();
        assertThat(on.distanceM()).isCloseTo(40.0, within(0.05));
        assertThat(on.inCorridor()).isTrue();
        assertThat(off.distanceM()).isCloseTo(41.0, within(0.05));
        assertThat(off.inCorridor()).isFalse();
    }

    @Test
    void nearestTrailPastTheEndOfTheLineIsMeasuredToTheEndpoint() {
        World w = TestWorlds.load(feature("tr", "TRAIL", line(119.0, 29.0, 119.05, 29.0), "\"corridorM\":40"));
        double[] east = Geodesy.destination(119.05, 29.0, 90, 500.0);
        assertThat(w.index().nearestTrail(east[0], east[1]).orElseThrow().distanceM()).isCloseTo(500.0, within(0.5));
    }

    @Test
    void aClosedTrailIsNoTrailForTheNearestTrail() {
        World w = TestWorlds.load(
                feature("closed", "TRAIL", line(119.0, 29.0, 119.05, 29.0), "\"corridorM\":40, \"closed\":true"),
                feature("open", "TRAIL", line(119.0, 29.01, 119.05, 29.01), "\"corridorM\":40"));
        TrailMatch m = w.index().nearestTrail(119.02, 29.0).orElseThrow();
        assertThat(m.trail().id()).isEqualTo("open");
        assertThat(m.inCorridor()).isFalse();
        assertThat(w.require("closed", cn.jinhua.risk.geo.model.Trail.class).closed()).isTrue();
    }

    @Test
    void nearestTrailFindsTrailsFarBeyondTheFirstSearchBox() {
        World w = TestWorlds.load(
                feature("near", "TRAIL", line(119.0, 29.0, 119.01, 29.0), "\"corridorM\":40"),
                feature("far", "TRAIL", line(120.0, 29.0, 120.01, 29.0), "\"corridorM\":40"));
        TrailMatch m = w.index().nearestTrail(119.3, 29.3).orElseThrow();
        assertThat(m.trail().id()).isEqualTo("near");
        assertThat(m.distanceM()).isCloseTo(Geodesy.distanceM(119.01, 29.0, 119.3, 29.3), within(100.0));
    }

    @Test
    void threeSeedTrailsMeetAtShuanglongCave() {
        TrailMatch m = SEED.index().nearestTrail(119.6208, 29.2028).orElseThrow();
        assertThat(m.trail().id()).isIn("tr-xiake", "tr-shuanglong-huangdaxian", "tr-viewpoint");
        assertThat(m.distanceM()).isLessThan(1.0);
        assertThat(m.inCorridor()).isTrue();
    }

    @Test
    void areasWithinADistanceIncludeNearMisses() {
        // Luodian town lies south of the patrol area's edge (lat 29.16 at lon 119.60–119.628).
        var near = SEED.index().areasWithin(119.62, 29.15, 2_000, FeatureType.MOUNTAIN_AREA);
        assertThat(near).extracting(a -> a.area().id()).containsExactly("bs-mountain");
        AreaDistance d = near.get(0);
        assertThat(d.distanceM()).isBetween(900.0, 1_300.0);
        assertThat(SEED.index().areasWithin(119.62, 29.15, 500, FeatureType.MOUNTAIN_AREA)).isEmpty();
        assertThat(SEED.index().areasWithin(119.6208, 29.2028, 1, FeatureType.MOUNTAIN_AREA))
                .singleElement().extracting(AreaDistance::distanceM).isEqualTo(0.0);
    }

    @Test
    void plantEnclosureLookup() {
        assertThat(SEED.index().plantAt(119.856, 28.903)).map(Plant::id).contains("wy-e01");
        assertThat(SEED.index().plantAt(119.6208, 29.2028)).isEmpty();
    }
}
