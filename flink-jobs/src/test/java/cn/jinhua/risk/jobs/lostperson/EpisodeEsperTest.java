package cn.jinhua.risk.jobs.lostperson;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.rules.EventTimeEsper;
import com.espertech.esper.common.client.EPCompiled;
import cn.jinhua.risk.contract.RuleCatalogue;
import org.junit.jupiter.api.Test;

/** The episode patterns of the lost-person rules in the shared event-time Esper runtime. */
class EpisodeEsperTest {
    static final EPCompiled COMPILED = LostPersonRulesFunction.compileEpl();
    static final long T0 = 1_798_531_200_000L;

    /** A runtime with the catalogue's module of each episode rule deployed, as the operator starts. */
    static EventTimeEsper<HikerEpisodes.Match> esper() {
        EventTimeEsper<HikerEpisodes.Match> esper = new EventTimeEsper<>(COMPILED, "test", HikerEpisodes.Match::of,
                HikerEpisodes.Match::deviceId);
        for (String id : LostPersonRulesFunction.EPL_RULES) {
            esper.deployRule(id, EventTimeEsper.compileRule(id, COMPILED,
                    RuleCatalogue.packaged().require(id).epl()), HikerRuleParams.defaults().valuesOf(id));
        }
        return esper;
    }

    static void arm(EventTimeEsper<HikerEpisodes.Match> esper, String rule, String device, long armId, long dueAt) {
        esper.send(HikerEpisodes.armed(rule, device, armId, dueAt, dueAt - esper.now()), HikerEpisodes.ARMED);
    }

    @Test
    void armedEpisodeMatchesWhenTheClockReachesItsDueTime() {
        try (EventTimeEsper<HikerEpisodes.Match> esper = esper()) {
            esper.advanceTo(T0);
            arm(esper, "hiker.after-dark", "d-1", T0, T0 + 60_000);
            esper.advanceTo(T0 + 59_999);
            assertThat(esper.drain("d-1")).isEmpty();
            esper.advanceTo(T0 + 60_000);
            assertThat(esper.drain("d-1")).containsExactly(new HikerEpisodes.Match("hiker.after-dark", "d-1", T0, T0 + 60_000));
        }
    }

    @Test
    void disarmedEpisodeNeverMatchesButANewerOneStillDoes() {
        try (EventTimeEsper<HikerEpisodes.Match> esper = esper()) {
            esper.advanceTo(T0);
            arm(esper, "hiker.off-trail-stationary", "d-1", T0, T0 + 1_200_000);
            arm(esper, "hiker.off-trail-stationary", "d-2", T0, T0 + 1_200_000);
            esper.advanceTo(T0 + 600_000);
            esper.send(HikerEpisodes.disarmed("hiker.off-trail-stationary", "d-1", T0), HikerEpisodes.DISARMED);
            arm(esper, "hiker.off-trail-stationary", "d-1", T0 + 600_000, T0 + 1_800_000);
            esper.advanceTo(T0 + 1_800_000);
            assertThat(esper.drain("d-1")).containsExactly(
                    new HikerEpisodes.Match("hiker.off-trail-stationary", "d-1", T0 + 600_000, T0 + 1_800_000));
            assertThat(esper.drain("d-2")).hasSize(1);
            assertThat(esper.pendingMatches()).isZero();
        }
    }

    /** The catalogue's after-dark module with its wait replaced by a bound substitution parameter. */
    static final String AFTER_DARK_GRACE = RuleCatalogue.packaged().require("hiker.after-dark").epl()
            .replace("timer:interval(a.waitMs / 1000.0)", "timer:interval(?:graceSeconds:double)");

    @Test
    void aRuleModuleReplacedWhileTheRuntimeRunsMatchesWithItsBoundParameterAndTheOldOneIsGone() {
        try (EventTimeEsper<HikerEpisodes.Match> esper = esper()) {
            esper.advanceTo(T0);
            esper.deployRule("hiker.after-dark", EventTimeEsper.compileRule("hiker.after-dark", COMPILED,
                    AFTER_DARK_GRACE), java.util.Map.of("graceSeconds", 60.0));
            arm(esper, "hiker.after-dark", "d-1", T0, T0 + 600_000);
            esper.advanceTo(T0 + 60_000);
            assertThat(esper.drain("d-1")).containsExactly(new HikerEpisodes.Match("hiker.after-dark", "d-1", T0, T0 + 600_000));
            esper.advanceTo(T0 + 600_000);
            assertThat(esper.pendingMatches()).as("the catalogue's module was undeployed").isZero();
        }
    }

    @Test
    void aModuleThatDoesNotDeployLeavesTheOldOneRunning() {
        try (EventTimeEsper<HikerEpisodes.Match> esper = esper()) {
            esper.advanceTo(T0);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> esper.deployRule("hiker.after-dark",
                    EventTimeEsper.compileRule("hiker.after-dark", COMPILED, AFTER_DARK_GRACE), java.util.Map.of()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("?:graceSeconds is no parameter of the rule");
            arm(esper, "hiker.after-dark", "d-1", T0, T0 + 60_000);
            esper.advanceTo(T0 + 60_000);
            assertThat(esper.drain("d-1")).hasSize(1);
        }
    }

    @Test
    void theClockNeverMovesBack() {
        try (EventTimeEsper<HikerEpisodes.Match> esper = esper()) {
            assertThat(esper.now()).isEqualTo(Long.MIN_VALUE);
            esper.advanceTo(T0);
            esper.advanceTo(T0 - 60_000);
            assertThat(esper.now()).isEqualTo(T0);
        }
    }
}
