package cn.jinhua.risk.geo;

import static cn.jinhua.risk.geo.TestWorlds.box;
import static cn.jinhua.risk.geo.TestWorlds.collection;
import static cn.jinhua.risk.geo.TestWorlds.feature;
import static cn.jinhua.risk.geo.TestWorlds.line;
import static cn.jinhua.risk.geo.TestWorlds.platingBase;
import static cn.jinhua.risk.geo.TestWorlds.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.geo.load.WorldLoadException;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.load.WorldProblem;
import cn.jinhua.risk.geo.load.WorldSource;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.TeamRole;
import cn.jinhua.risk.geo.model.Trail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldLoaderTest {

    @Test
    void seedWorldLoadsWithEveryFeature() {
        World world = TestWorlds.seedWorld();
        assertThat(world.features()).hasSize(26 + 87);
        assertThat(world.all(Tank.class)).hasSize(10);
        assertThat(world.all(Pipe.class)).hasSize(11);
        assertThat(world.all(Trail.class)).extracting(Trail::corridorM).containsOnly(40.0);
        assertThat(world.require("tm-wc-fire", Team.class).role()).isEqualTo(TeamRole.FIRE);
        assertThat(world.require("wy-e03", Plant.class).gateRampCm()).isEqualTo(15.0);
        assertThat(world.require("wy-wq-down-ni", Sensor.class).max()).isEqualTo(0.02);
        assertThat(world.require("wy-wq-up-ph", Sensor.class).min()).isEqualTo(6.0);
    }

    @Test
    void packagedWorldEqualsTheSeedFolder() {
        World packaged = WorldLoader.loadClasspath();
        assertThat(packaged.features()).extracting(f -> f.id())
                .containsExactlyElementsOf(TestWorlds.seedWorld().features().stream().map(f -> f.id()).toList());
    }

    @Test
    void wuyiPool07ConnectsToPools06And08() {
        World world = TestWorlds.seedWorld();
        assertThat(world.pools().downstreamNeighbours("wy-e07-pool")).containsExactlyInAnyOrder("wy-e06-pool", "wy-e08-pool");
    }

    @Test
    void chineseNameFallsBackToName() {
        World world = TestWorlds.load(feature("tr1", "TRAIL", line(119.0, 29.0, 119.01, 29.0), "\"corridorM\":40"));
        assertThat(world.require("tr1", Trail.class).nameZh()).isEqualTo("tr1");
    }

    @Test
    void malformedJsonNamesFileAndPlace() {
        assertThat(problemsOf(List.of(new WorldSource("broken.geojson", "{\"type\":\"FeatureCollection\",\n\"features\":[ {"))))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.file()).isEqualTo("broken.geojson");
                    assertThat(p.message()).startsWith("malformed JSON at line 2");
                });
    }

    @Test
    void notAFeatureCollection() {
        assertThat(messages("{\"type\":\"Feature\"}")).containsExactly("not a GeoJSON FeatureCollection");
    }

    @Test
    void invalidGeometryIsReportedWithTheFeatureId() {
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[119,29],[119.01,29.01],[119.01,29],[119,29.01],[119,29]]]}";
        assertThat(problems(feature("gap", "COVERAGE_GAP", bowtie, "")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.featureId()).isEqualTo("gap");
                    assertThat(p.message()).startsWith("invalid geometry: Self-intersection");
                });
    }

    @Test
    void unclosedRingOutOfRangeAndWrongGeometryType() {
        String open = "{\"type\":\"Polygon\",\"coordinates\":[[[119,29],[119.01,29],[119.01,29.01],[119,29.01]]]}";
        assertThat(messages(collection(
                feature("a", "COVERAGE_GAP", open, ""),
                feature("b", "TRAILHEAD", point(200, 29), ""),
                feature("c", "TRAIL", point(119, 29), "\"corridorM\":40"))))
                .containsExactly(
                        "feature a: invalid geometry: Polygon exterior ring is not closed (first and last positions differ)",
                        "feature b: invalid geometry: longitude 200.0 is outside -180..180 in position [200.0,29.0]",
                        "feature c: TRAIL must have a LineString geometry, not Point");
    }

    @Test
    void unknownType() {
        assertThat(messages(collection(feature("x", "VOLCANO", point(119, 29), ""))))
                .singleElement().asString().startsWith("feature x: unknown type \"VOLCANO\"");
    }

    @Test
    void missingAndMistypedProperties() {
        assertThat(messages(collection(
                feature("tr1", "TRAIL", line(119.0, 29.0, 119.01, 29.0), ""),
                feature("tr2", "TRAIL", line(119.0, 29.0, 119.01, 29.0), "\"corridorM\":\"wide\""),
                feature("tm", "TEAM", point(119, 29), "\"role\":\"PILOT\",\"persons\":2.5"))))
                .containsExactly(
                        "feature tr1: missing property \"corridorM\"",
                        "feature tr2: property \"corridorM\" must be a number, got \"wide\"",
                        "feature tm: property \"role\" has unknown value \"PILOT\" (expected one of [COMMAND, POLICE, FIRE, MEDICAL, VOLUNTEER, ENTERPRISE, PARK, TOWNSHIP, COUNTY, ENV_MONITORING])",
                        "feature tm: property \"persons\" must be a whole number ≥ 0, got 2.5");
    }

    @Test
    void sensorUnitMustFitItsKind() {
        List<String> base = new ArrayList<>(Arrays.asList(platingBase()));
        base.set(3, feature("s-level", "SENSOR", point(119.0005, 28.0005), "\"kind\":\"TANK_LEVEL\",\"unit\":\"CM\",\"siteId\":\"t1\""));
        assertThat(messages(collection(base.toArray(String[]::new))))
                .containsExactly("feature s-level: unit \"CM\" does not fit kind TANK_LEVEL (expected \"M\")");
    }

    @Test
    void pipeToMissingTankIsADanglingReference() {
        List<String> features = new ArrayList<>(Arrays.asList(platingBase()));
        features.add(feature("pipe", "PIPE", line(119.0, 28.0, 119.001, 28.0),
                "\"fromTank\":\"t1\",\"toTank\":\"t-missing\",\"maxFlowM3h\":100,\"bidirectional\":true"));
        assertThat(messages(collection(features.toArray(String[]::new))))
                .containsExactly("feature pipe: toTank refers to TANK \"t-missing\", which no feature has as id");
    }

    @Test
    void tankLevelSensorThatNoSensorHas() {
        List<String> features = new ArrayList<>(Arrays.asList(platingBase()));
        features.remove(3);
        assertThat(messages(collection(features.toArray(String[]::new))))
                .containsExactly("feature t1: levelSensor refers to SENSOR \"s-level\", which no SENSOR has as id");
    }

    @Test
    void referenceToTheWrongKindOfFeature() {
        List<String> features = new ArrayList<>(Arrays.asList(platingBase()));
        features.set(0, feature("p1", "PLANT", box(119.0, 28.0, 119.001, 28.001),
                "\"gateRampCm\":12,\"gateSensor\":\"s-level\",\"poolId\":\"t1\",\"team\":\"tm1\""));
        assertThat(messages(collection(features.toArray(String[]::new))))
                .containsExactly("feature p1: gateSensor refers to sensor \"s-level\" of kind TANK_LEVEL, expected GATE_WATER_DEPTH");
    }

    @Test
    void duplicateIdsAcrossFiles() {
        String f = collection(feature("tr1", "TRAIL", line(119.0, 29.0, 119.01, 29.0), "\"corridorM\":40"));
        assertThat(problemsOf(List.of(new WorldSource("a.geojson", f), new WorldSource("b.geojson", f))))
                .extracting(WorldProblem::toString)
                .containsExactly("b.geojson: feature tr1: duplicate id (already defined in a.geojson)");
    }

    @Test
    void everyProblemIsInTheExceptionMessage() {
        assertThatThrownBy(() -> WorldLoader.load(List.of(new WorldSource("w.geojson", collection(
                feature("x", "VOLCANO", point(119, 29), ""),
                feature("tr1", "TRAIL", line(119.0, 29.0, 119.01, 29.0), ""))))))
                .isInstanceOf(WorldLoadException.class)
                .hasMessageContaining("2 problem(s)")
                .hasMessageContaining("w.geojson: feature x: unknown type")
                .hasMessageContaining("w.geojson: feature tr1: missing property \"corridorM\"");
    }

    @Test
    void directoryLoadingNamesTheFileOnDisk(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.geojson"), collection(feature("tr1", "TRAIL", line(119.0, 29.0, 119.01, 29.0), "\"corridorM\":40")));
        Files.writeString(dir.resolve("bad.geojson"), "[]");
        assertThatThrownBy(() -> WorldLoader.loadDirectory(dir))
                .isInstanceOf(WorldLoadException.class)
                .hasMessageContaining("bad.geojson: not a GeoJSON FeatureCollection");
        assertThatThrownBy(() -> WorldLoader.loadDirectory(dir.resolve("nope")))
                .hasMessageContaining("no such directory");
    }

    @Test
    void lookupsByTypeAndClass() {
        World world = TestWorlds.load(platingBase());
        assertThat(world.ofType(FeatureType.SENSOR)).hasSize(2);
        assertThat(world.find("t1", Plant.class)).isEmpty();
        assertThatThrownBy(() -> world.require("nope", Tank.class)).hasMessage("no Tank with id \"nope\" in the world");
    }

    private static List<String> messages(String collection) {
        return problemsOf(List.of(new WorldSource("t.geojson", collection))).stream()
                .map(p -> p.toString().substring("t.geojson: ".length())).toList();
    }

    private static List<WorldProblem> problems(String... features) {
        return problemsOf(List.of(new WorldSource("t.geojson", collection(features))));
    }

    private static List<WorldProblem> problemsOf(List<WorldSource> sources) {
        try {
            WorldLoader.load(sources);
        } catch (WorldLoadException e) {
            return e.problems();
        }
        throw new AssertionError("expected the world to be rejected");
    }
}
