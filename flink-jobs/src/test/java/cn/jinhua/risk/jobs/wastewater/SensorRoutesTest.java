package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.WORLD;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.load.WorldEdits;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.world.WorldFeatures;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SensorRoutesTest {
    private static final SensorRoutes ROUTES = SensorRoutes.of(WORLD);

    @Test
    void allPoolsJoinedByPipesAndTheirGatesShareOneKey() {
        Set<String> keys = new HashSet<>();
        for (int i = 1; i <= 10; i++) {
            keys.add(ROUTES.ruleKey(String.format("wy-e%02d-pool-level", i)));
            keys.add(ROUTES.ruleKey(String.format("wy-e%02d-gate-depth", i)));
        }
        assertThat(keys).containsExactly("pools:wy-e01-pool");
    }

    @Test
    void aPoolPutInLiveIsDecidedInAKeyOfItsOwnAndItsLevelsGoToTheParkAsHistory() {
        SensorRoutes routes = SensorRoutes.of(WORLD, withPlant("wy-e11", true));
        assertThat(routes.ruleKey("wy-e11-pool-level")).isEqualTo("pools:wy-e11-pool");
        assertThat(routes.ruleKey("wy-e11-gate-depth")).isEqualTo("pools:wy-e11-pool");
        assertThat(routes.ruleKeys("wy-e11-pool-level")).containsExactly("pools:wy-e11-pool", "pools:wy-e01-pool");
        assertThat(routes.ruleKeys("wy-e11-gate-depth")).as("gates are for their own plant only")
                .containsExactly("pools:wy-e11-pool");
        assertThat(routes.ruleKey("wy-e03-pool-level")).isEqualTo("pools:wy-e01-pool");
        assertThat(routes.ruleKeys("wy-e03-pool-level")).containsExactly("pools:wy-e01-pool", "pools:wy-e11-pool");
    }

    @Test
    void keysNeverMoveWhenPipesJoinOrSplitNetworks() {
        World apart = withPlant("wy-a00", false);
        SensorRoutes alone = SensorRoutes.of(WORLD, apart);
        assertThat(alone.ruleKeys("wy-a00-pool-level")).containsExactly("pools:wy-a00-pool");
        assertThat(alone.ruleKeys("wy-e01-pool-level")).containsExactly("pools:wy-e01-pool");

        SensorRoutes joined = SensorRoutes.of(WORLD, withPlant("wy-a00", true));
        assertThat(joined.ruleKey("wy-a00-pool-level")).isEqualTo("pools:wy-a00-pool");
        assertThat(joined.ruleKey("wy-e01-pool-level")).isEqualTo("pools:wy-e01-pool");
        assertThat(joined.ruleKeys("wy-e01-pool-level")).containsExactly("pools:wy-e01-pool", "pools:wy-a00-pool");
    }

    @Test
    void aSensorTakenOutIsRememberedInTheKeyThatDecidedIt() {
        SensorRoutes with = SensorRoutes.of(WORLD, withPlant("wy-e11", true));
        SensorRoutes without = SensorRoutes.of(WORLD, WORLD).remembering(with);
        assertThat(without.ruleKey("wy-e11-pool-level")).isEqualTo("pools:wy-e11-pool");
        assertThat(without.ruleKeys("wy-e11-pool-level")).isEmpty();
        assertThat(without.ruleKeys("wy-e03-pool-level")).containsExactly("pools:wy-e01-pool");
    }

    private static World withPlant(String id, boolean piped) {
        return WorldEdits.apply(WORLD, ControlChange.parse(WorldFeatures.batch("p-1", WorldFeatures.newPlant(id, piped),
                List.of())).worldEdits());
    }

    @Test
    void creekSensorsGoToTheirReachAndSluicesToTheSluiceWatch() {
        assertThat(ROUTES.ruleKey("wy-creek-level")).isEqualTo("creek:wy-creek-space");
        assertThat(ROUTES.ruleKey("wy-wq-up-cr6")).isEqualTo("creek:wy-creek-space");
        assertThat(ROUTES.ruleKey("wy-wq-down-ph")).isEqualTo("creek:wy-creek-space");
        assertThat(ROUTES.sluiceOf("wy-sluice-down-pos")).isEqualTo("wy-sluice-down");
        assertThat(ROUTES.ruleKey("wy-sluice-down-pos")).isNull();
        assertThat(ROUTES.ruleKey("wy-rain")).as("no rule reads rain").isNull();
        assertThat(ROUTES.sluiceOf("wy-rain")).isNull();
    }
}
