package cn.jinhua.risk.geo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.geo.geojson.WorldGeoJson;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.load.WorldSource;
import cn.jinhua.risk.geo.model.FeatureType;
import cn.jinhua.risk.geo.model.WorldFeature;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorldGeoJsonTest {
    private static final World SEED = TestWorlds.seedWorld();

    @Test
    void theSeedWorldWrittenAndLoadedAgainHasTheSameFeaturesInTheSameOrder() {
        World again = WorldLoader.load(List.of(new WorldSource("written.geojson", WorldGeoJson.toJson(SEED))));

        assertThat(again.features()).extracting(WorldFeature::id)
                .containsExactlyElementsOf(SEED.features().stream().map(WorldFeature::id).toList());
        for (WorldFeature f : SEED.features()) {
            assertThat(again.find(f.id())).as(f.id()).contains(f);
        }
        // Every type of the format occurs in the seed world, so every branch of the writer ran.
        assertThat(SEED.features()).extracting(WorldFeature::type).contains(FeatureType.values());
    }

    @Test
    @SuppressWarnings("unchecked")
    void featuresCarryTheirIdAndTheLoadersPropertyNames() {
        Map<String, Object> fc = WorldGeoJson.featureCollection(SEED);
        assertThat(fc).containsEntry("type", "FeatureCollection");
        List<Map<String, Object>> features = (List<Map<String, Object>>) fc.get("features");
        assertThat(features).hasSameSizeAs(SEED.features());
        Map<String, Object> plant = features.stream().filter(f -> "wy-e03".equals(f.get("id"))).findFirst().orElseThrow();
        assertThat(plant).containsEntry("type", "Feature");
        assertThat((Map<String, Object>) plant.get("geometry")).containsEntry("type", "Polygon");
        assertThat((Map<String, Object>) plant.get("properties")).containsEntry("id", "wy-e03").containsEntry("type", "PLANT")
                .containsEntry("scenario", "WASTEWATER").containsEntry("team", "tm-wy-e03").containsEntry("poolId", "wy-e03-pool")
                .containsEntry("gateSensor", "wy-e03-gate-depth").doesNotContainKey("teamId");
    }
}
