package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.WORLD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SensorRoutesTest {
    private static final WastewaterTopology.SensorRoutes ROUTES = WastewaterTopology.SensorRoutes.of(WORLD);

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
