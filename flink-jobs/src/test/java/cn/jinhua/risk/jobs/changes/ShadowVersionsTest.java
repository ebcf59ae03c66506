package cn.jinhua.risk.jobs.changes;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import org.junit.jupiter.api.Test;

/** rule-shadow, rule-promote and rule-shadow-stop: a shadow version beside the live one, made live in one change or dropped. */
class ShadowVersionsTest {
    final ChangeDecider decider = new ChangeDecider(HikerRuleParams.defaults(), WastewaterParams.defaults());
    final LiveRules start = decider.initial();

    ChangeDecider.Decision decide(LiveRules live, String kindAndFields) {
        return decider.decide(live, ChangeDeciderTest.change(kindAndFields), ChangeDeciderTest.NOW);
    }

    LiveRules shadowAt75() {
        ChangeDecider.Decision d = decide(start, "\"kind\": \"rule-shadow\", \"ruleId\": \"plating.pool-high\", "
                + "\"parameters\": {\"highPct\": 75}");
        assertThat(d.accepted()).isTrue();
        return d.next();
    }

    @Test
    void aShadowVersionRunsBesideTheUnchangedLiveOne() {
        ChangeDecider.Decision d = decide(start, "\"kind\": \"rule-shadow\", \"ruleId\": \"plating.pool-high\", "
                + "\"parameters\": {\"highPct\": 75}");

        assertThat(d.result()).containsEntry("accepted", true).containsEntry("ruleId", "plating.pool-high")
                .containsEntry("ruleVersion", 2).containsEntry("worldVersion", 1);
        LiveRules.LiveRule rule = d.next().rule("plating.pool-high");
        assertThat(rule.version()).isEqualTo(1);
        assertThat(rule.parameters()).isEqualTo(start.rule("plating.pool-high").parameters());
        assertThat(rule.shadow().version()).isEqualTo(2);
        assertThat(rule.shadow().parameters()).containsEntry("highPct", 75.0).containsEntry("clearMarginPct", 5.0);
    }

    @Test
    void promotingMakesTheShadowTheLiveVersionInOneChange() {
        ChangeDecider.Decision d = decide(shadowAt75(), "\"kind\": \"rule-promote\", \"ruleId\": \"plating.pool-high\"");

        assertThat(d.result()).containsEntry("accepted", true).containsEntry("ruleVersion", 2);
        LiveRules.LiveRule rule = d.next().rule("plating.pool-high");
        assertThat(rule.version()).isEqualTo(2);
        assertThat(rule.parameters()).containsEntry("highPct", 75.0);
        assertThat(rule.shadow()).isNull();
    }

    @Test
    void stoppingDropsTheShadowAndLeavesTheLiveVersion() {
        ChangeDecider.Decision d = decide(shadowAt75(), "\"kind\": \"rule-shadow-stop\", \"ruleId\": \"plating.pool-high\"");

        assertThat(d.result()).containsEntry("accepted", true).containsEntry("ruleVersion", 1);
        assertThat(d.next().rule("plating.pool-high")).isEqualTo(start.rule("plating.pool-high"));
    }

    @Test
    void aLiveChangeWhileAShadowRunsTakesTheVersionAfterTheShadowsAndKeepsIt() {
        ChangeDecider.Decision d = decide(shadowAt75(), "\"kind\": \"rule-parameters\", \"ruleId\": \"plating.pool-high\", "
                + "\"parameters\": {\"clearMarginPct\": 3}");

        LiveRules.LiveRule rule = d.next().rule("plating.pool-high");
        assertThat(rule.version()).isEqualTo(3);
        assertThat(rule.shadow().version()).isEqualTo(2);
        assertThat(d.result()).containsEntry("ruleVersion", 3);
    }

    @Test
    void aShadowOutOfBoundsIsRefusedNamingTheParameter() {
        assertThat(decide(start, "\"kind\": \"rule-shadow\", \"ruleId\": \"plating.pool-high\", "
                + "\"parameters\": {\"highPct\": 0}").result()).containsEntry("accepted", false)
                .containsEntry("ruleVersion", 1).containsEntry("reason", "highPct must be within 1..100 %, got 0");
    }

    @Test
    void promotingOrStoppingWithoutAShadowIsRefused() {
        assertThat(decide(start, "\"kind\": \"rule-shadow-stop\", \"ruleId\": \"hiker.signal-lost\"").result())
                .containsEntry("reason", "rule hiker.signal-lost has no shadow version (live: version 1)");
    }

    @Test
    void aShadowMayRunNewEplBesideTheLiveModule() throws Exception {
        ChangeDecider.Decision d = decide(start, "\"kind\": \"rule-shadow\", \"ruleId\": \"hiker.off-trail-stationary\", "
                + "\"epl\": " + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(LiveEplTest.DRILLS_SILENT));
        LiveRules.LiveRule rule = d.next().rule("hiker.off-trail-stationary");
        assertThat(rule.epl()).isEqualTo(start.rule("hiker.off-trail-stationary").epl());
        assertThat(rule.shadow().epl()).isEqualTo(LiveEplTest.DRILLS_SILENT);
        assertThat(rule.shadow().parameters()).isEqualTo(rule.parameters());
        assertThat(d.result()).containsEntry("ruleVersion", 2);
    }

    @Test
    void theSluiceWatchRunsAShadowToo() {
        ChangeDecider.Decision d = decide(start, "\"kind\": \"rule-shadow\", \"ruleId\": \"plating.sluice-not-closed\", "
                + "\"parameters\": {\"closeWindowMinutes\": 5}");
        assertThat(d.accepted()).isTrue();
        LiveRules.LiveRule rule = d.next().rule("plating.sluice-not-closed");
        assertThat(rule.parameters()).containsEntry("closeWindowMinutes", 10.0);
        assertThat(rule.shadow().parameters()).containsEntry("closeWindowMinutes", 5.0);
        assertThat(d.result()).containsEntry("ruleVersion", 2);
    }

    @Test
    void aShadowSurvivesTheSnapshotsJson() {
        LiveRules shadow = shadowAt75();
        assertThat(LiveRules.fromJson(shadow.toJson(), cn.jinhua.risk.contract.RuleCatalogue.packaged()))
                .isEqualTo(shadow);
    }
}
