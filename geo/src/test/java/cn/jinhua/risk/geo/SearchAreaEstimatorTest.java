package cn.jinhua.risk.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.jinhua.risk.geo.geodesy.Geodesy;
import cn.jinhua.risk.geo.model.Zone;
import cn.jinhua.risk.geo.search.SearchArea;
import cn.jinhua.risk.geo.search.SearchAreaConfig;
import cn.jinhua.risk.geo.search.SearchAreaEstimator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

class SearchAreaEstimatorTest {
    private static final World SEED = TestWorlds.seedWorld();
    private static final Zone MOUNTAIN = SEED.require("bs-mountain", Zone.class);
    private static final SearchAreaEstimator ESTIMATOR = new SearchAreaEstimator(SearchAreaConfig.koesterMountainHiker());

    @Test
    void ringsAreCappedByElapsedTimeAtWalkingSpeed() {
        // Two hours at 1.5 km/h: 3 km. The 1.1 km ring keeps its size, the others stop at 3 km.
        SearchArea a = ESTIMATOR.estimate(119.66, 29.22, Duration.ofHours(2), null);
        assertThat(a.rings()).extracting(SearchArea.Ring::radiusM).containsExactly(1_100.0, 3_000.0, 3_000.0, 3_000.0);
        assertThat(a.rings()).extracting(SearchArea.Ring::nominalRadiusM).containsExactly(1_100.0, 3_100.0, 5_800.0, 18_300.0);
        assertThat(a.rings()).extracting(SearchArea.Ring::percentile).containsExactly(25.0, 50.0, 75.0, 95.0);
    }

    @Test
    void ringRadiusIsTrueMetres() {
        SearchArea a = ESTIMATOR.estimate(119.66, 29.22, Duration.ofHours(24), null);
        for (Coordinate c : a.rings().get(0).area().getCoordinates()) {
            assertThat(Geodesy.distanceM(119.66, 29.22, c.x, c.y)).isCloseTo(1_100.0, within(3.0));
        }
    }

    @Test
    void ringsAreClippedToThePatrolArea() {
        SearchArea a = ESTIMATOR.estimate(119.66, 29.22, Duration.ofHours(24), MOUNTAIN.geometry());
        SearchArea.Ring widest = a.rings().get(3);
        assertThat(widest.radiusM()).isEqualTo(18_300.0);
        assertThat(MOUNTAIN.geometry().buffer(1e-9).covers(widest.area())).isTrue();
        assertThat(widest.area().getArea()).isCloseTo(MOUNTAIN.geometry().getArea(), within(1e-6));
    }

    @Test
    void freshPositionStillHasTheFloorRadius() {
        SearchArea a = ESTIMATOR.estimate(119.66, 29.22, Duration.ZERO, null);
        assertThat(a.rings()).extracting(SearchArea.Ring::radiusM).containsOnly(100.0);
        assertThat(a.rings().get(0).area().isEmpty()).isFalse();
    }

    /** Regression (issue 16): the father-and-son call, located to ±800 m, showed rings of 100 m. */
    @Test
    void ringsAreNeverSmallerThanThePositionsUncertainty() {
        SearchArea call = ESTIMATOR.estimate(119.664, 29.2321, 800, Duration.ZERO, MOUNTAIN.geometry());
        assertThat(call.rings()).extracting(SearchArea.Ring::radiusM).containsOnly(900.0);
        assertThat(call.uncertaintyM()).isEqualTo(800.0);
        for (Coordinate c : ESTIMATOR.estimate(119.664, 29.2321, 800, Duration.ZERO, null).rings().get(0).area().getCoordinates()) {
            assertThat(Geodesy.distanceM(119.664, 29.2321, c.x, c.y)).isCloseTo(900.0, within(3.0));
        }
    }

    @Test
    void ringsGrowWithTheTimeSinceTheLastKnownPosition() {
        List<Double> after30Min = ESTIMATOR.estimate(119.664, 29.2321, 800, Duration.ofMinutes(30), null).rings().stream()
                .map(SearchArea.Ring::radiusM).toList();
        List<Double> after3H = ESTIMATOR.estimate(119.664, 29.2321, 800, Duration.ofHours(3), null).rings().stream()
                .map(SearchArea.Ring::radiusM).toList();
        // 1.5 km/h: 750 m of walking after 30 min, 4.5 km after 3 h (the 25 % ring stops at its 1.1 km).
        assertThat(after30Min).containsExactly(1_550.0, 1_550.0, 1_550.0, 1_550.0);
        assertThat(after3H).containsExactly(1_900.0, 3_900.0, 5_300.0, 5_300.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void geoJsonHasThePositionAndOneFeaturePerRing() {
        Map<String, Object> fc = ESTIMATOR.estimate(119.66, 29.22, Duration.ofMinutes(90), MOUNTAIN.geometry()).toGeoJson();
        List<Map<String, Object>> features = (List<Map<String, Object>>) fc.get("features");
        assertThat(fc.get("type")).isEqualTo("FeatureCollection");
        assertThat(features).hasSize(5);
        assertThat(((Map<String, Object>) features.get(0).get("geometry")).get("coordinates")).isEqualTo(List.of(119.66, 29.22));
        assertThat((Map<String, Object>) features.get(1).get("properties"))
                .containsEntry("kind", "SEARCH_RING").containsEntry("percentile", 25.0).containsEntry("radiusM", 1100L);
        assertThat(((Map<String, Object>) features.get(2).get("geometry")).get("type")).isEqualTo("Polygon");
    }

    @Test
    void configMustBeAscendingAndPaired() {
        assertThatThrownBy(() -> new SearchAreaConfig(List.of(25.0, 50.0), List.of(3.0, 1.0), 1.5, 100, 8))
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> new SearchAreaConfig(List.of(25.0), List.of(1.0, 2.0), 1.5, 100, 8))
                .hasMessageContaining("same");
    }
}
