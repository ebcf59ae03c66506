package cn.jinhua.risk.jobs.rules.hiker;

import static org.assertj.core.api.Assertions.assertThat;

import com.espertech.esper.common.client.EPCompiled;
import org.junit.jupiter.api.Test;

class HikerEsperTest {
    static final EPCompiled COMPILED = HikerEsper.compile();
    static final long T0 = 1_798_531_200_000L;

    @Test
    void armedEpisodeMatchesWhenTheClockReachesItsDueTime() {
        try (HikerEsper esper = new HikerEsper(COMPILED, "test")) {
            esper.advanceTo(T0);
            esper.arm(HikerRules.AFTER_DARK, "d-1", T0, T0 + 60_000);
            esper.advanceTo(T0 + 59_999);
            assertThat(esper.drain("d-1")).isEmpty();
            esper.advanceTo(T0 + 60_000);
            assertThat(esper.drain("d-1")).containsExactly(new HikerEsper.Match(HikerRules.AFTER_DARK, "d-1", T0, T0 + 60_000));
        }
    }

    @Test
    void disarmedEpisodeNeverMatchesButANewerOneStillDoes() {
        try (HikerEsper esper = new HikerEsper(COMPILED, "test")) {
            esper.advanceTo(T0);
            esper.arm(HikerRules.OFF_TRAIL_STATIONARY, "d-1", T0, T0 + 1_200_000);
            esper.arm(HikerRules.OFF_TRAIL_STATIONARY, "d-2", T0, T0 + 1_200_000);
            esper.advanceTo(T0 + 600_000);
            esper.disarm(HikerRules.OFF_TRAIL_STATIONARY, "d-1", T0);
            esper.arm(HikerRules.OFF_TRAIL_STATIONARY, "d-1", T0 + 600_000, T0 + 1_800_000);
            esper.advanceTo(T0 + 1_800_000);
            assertThat(esper.drain("d-1")).containsExactly(
                    new HikerEsper.Match(HikerRules.OFF_TRAIL_STATIONARY, "d-1", T0 + 600_000, T0 + 1_800_000));
            assertThat(esper.drain("d-2")).hasSize(1);
            assertThat(esper.pendingMatches()).isZero();
        }
    }
}
