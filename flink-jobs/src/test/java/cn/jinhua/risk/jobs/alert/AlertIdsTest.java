package cn.jinhua.risk.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertIdsTest {
    static final long T = 1_800_000_000_000L;

    @Test
    void aPromotedShadowsLiveAlertNeverTakesTheIdOfItsShadowAlert() {
        // After a promotion the live version has the number the shadow had: the same rule, version,
        // subject, time and severity must still give two ids.
        String shadow = AlertIds.of("plating.pool-high", 2, "wy-e03-pool", T, AlertIds.shadowed("MEDIUM", true));
        String live = AlertIds.of("plating.pool-high", 2, "wy-e03-pool", T, AlertIds.shadowed("MEDIUM", false));
        assertThat(shadow).isNotEqualTo(live);
        assertThat(live).isEqualTo(AlertIds.of("plating.pool-high", 2, "wy-e03-pool", T, "MEDIUM"));
    }
}
