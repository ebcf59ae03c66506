package cn.jinhua.risk.geo;

import static cn.jinhua.risk.geo.TestWorlds.box;
import static cn.jinhua.risk.geo.TestWorlds.feature;
import static cn.jinhua.risk.geo.TestWorlds.line;
import static cn.jinhua.risk.geo.TestWorlds.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.geo.load.WorldEdits;
import cn.jinhua.risk.geo.load.WorldEdits.Edit;
import cn.jinhua.risk.geo.load.WorldLoadException;
import cn.jinhua.risk.geo.load.WorldProblem;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.Trail;
import cn.jinhua.risk.geo.model.WorldFeature;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorldEditsTest {
    private static final World BASE = TestWorlds.load(TestWorlds.platingBase());

    @Test
    void anAddedZoneIsInTheIndexAndAReplacedFeatureKeepsItsPlace() {
        String zone = feature("search-1", "MOUNTAIN_AREA", box(119.1, 28.1, 119.2, 28.2), "");
        String tank = feature("t1", "TANK", point(119.0005, 28.0005),
                "\"plantId\":\"p1\",\"capacityM3\":400,\"depthM\":4,\"highPct\":75,\"highHighPct\":95,"
                        + "\"readinessMaxPct\":33,\"levelSensor\":\"s-level\"");

        World w = WorldEdits.apply(BASE, List.of(Edit.upsert("search-1", zone), Edit.upsert("t1", tank)));

        assertThat(w.index().areaIdsAt(119.15, 28.15)).containsExactly("search-1");
        assertThat(w.require("t1", Tank.class).highPct()).isEqualTo(75.0);
        assertThat(w.features()).extracting(WorldFeature::id).containsExactly("p1", "t1", "tm1", "s-level", "s-gate", "search-1");
        assertThat(BASE.require("t1", Tank.class).highPct()).isEqualTo(80.0);
    }

    @Test
    void aClosedTrailSurvivesBeingWrittenAndLoadedAgain() {
        String trail = feature("tr", "TRAIL", line(119.0, 28.0, 119.05, 28.0), "\"corridorM\":40,\"closed\":true");
        World once = WorldEdits.apply(BASE, List.of(Edit.upsert("tr", trail)));
        World twice = WorldEdits.apply(once, List.of());
        assertThat(twice.require("tr", Trail.class).closed()).isTrue();
        assertThat(twice.index().nearestTrail(119.02, 28.0)).isEmpty();
    }

    @Test
    void aTakenOutFeatureIsGone() {
        String zone = feature("search-1", "MOUNTAIN_AREA", box(119.1, 28.1, 119.2, 28.2), "");
        World w = WorldEdits.apply(BASE, List.of(Edit.upsert("search-1", zone), Edit.delete("search-1")));
        assertThat(w.find("search-1")).isEmpty();
        assertThat(w.index().areaIdsAt(119.15, 28.15)).isEmpty();
    }

    @Test
    void anInvalidGeometryIsRefusedWithItsProblem() {
        String bowTie = feature("z", "MOUNTAIN_AREA", "{\"type\":\"Polygon\",\"coordinates\":[[[119.1,28.1],[119.2,28.2],"
                + "[119.2,28.1],[119.1,28.2],[119.1,28.1]]]}", "");
        assertThatThrownBy(() -> WorldEdits.apply(BASE, List.of(Edit.upsert("z", bowTie))))
                .isInstanceOfSatisfying(WorldLoadException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> {
                            assertThat(p.featureId()).isEqualTo("z");
                            assertThat(p.message()).startsWith("invalid geometry: Self-intersection");
                        }));
    }

    @Test
    void aReferenceToNothingIsRefused() {
        String pipe = feature("pp", "PIPE", line(119.0, 28.0, 119.01, 28.0),
                "\"fromTank\":\"t1\",\"toTank\":\"t9\",\"maxFlowM3h\":100");
        assertThatThrownBy(() -> WorldEdits.apply(BASE, List.of(Edit.upsert("pp", pipe))))
                .isInstanceOfSatisfying(WorldLoadException.class, e -> assertThat(e.problems())
                        .extracting(WorldProblem::featureId, WorldProblem::message)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("pp",
                                "toTank refers to TANK \"t9\", which no feature has as id")));
    }

    @Test
    void takingOutAFeatureOthersReferToIsRefused() {
        assertThatThrownBy(() -> WorldEdits.apply(BASE, List.of(Edit.delete("s-level"))))
                .isInstanceOf(WorldLoadException.class)
                .hasMessageContaining("feature t1: levelSensor refers to SENSOR \"s-level\", which no SENSOR has as id");
    }

    @Test
    void takingOutAFeatureThatIsNotThereIsRefused() {
        assertThatThrownBy(() -> WorldEdits.apply(BASE, List.of(Edit.delete("nope"))))
                .isInstanceOf(WorldLoadException.class)
                .hasMessageContaining("live world: feature nope: no such feature to take out");
    }

    @Test
    void anUnknownTypeIsRefused() {
        String odd = feature("x", "LANDSLIDE", box(119.1, 28.1, 119.2, 28.2), "");
        assertThatThrownBy(() -> WorldEdits.apply(BASE, List.of(Edit.upsert("x", odd))))
                .isInstanceOf(WorldLoadException.class)
                .hasMessageContaining("feature x: unknown type \"LANDSLIDE\"");
    }
}
