package cn.jinhua.risk.jobs.world;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldLoader;
import cn.jinhua.risk.geo.model.WorldFeature;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class WorldSnapshotTest {
    private static final World WORLD = WorldLoader.loadClasspath();

    @Test
    void aWorldSurvivesJavaSerializationFeatureForFeature() throws Exception {
        byte[] bytes = InstantiationUtil.serializeObject(WorldSnapshot.of(WORLD));
        WorldSnapshot copy = InstantiationUtil.deserializeObject(bytes, getClass().getClassLoader());
        World rebuilt = copy.world();

        assertThat(rebuilt.features()).hasSameSizeAs(WORLD.features());
        for (WorldFeature f : WORLD.features()) {
            WorldFeature g = rebuilt.find(f.id()).orElseThrow();
            assertThat(g).as(f.id()).isEqualTo(f);
        }
    }
}
