package cn.jinhua.risk.jobs.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.lostperson.LostPersonRulesFunction;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.wastewater.ParkRulesFunction;
import cn.jinhua.risk.jobs.wastewater.SluiceWatchFunction;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each change of risk.control is accepted with the next version, or refused with its reason and nothing changed. */
class ChangeDeciderTest {
    static final long NOW = Instant.parse("2026-12-18T08:00:00Z").toEpochMilli();
    static final LiveRules START = LiveRules.of(RuleCatalogue.packaged());
    final ChangeDecider decider = new ChangeDecider(HikerRuleParams.defaults(),
            WastewaterParams.defaults());

    static ControlChange change(String kindAndFields) {
        return ControlChange.parse("{\"changeId\": \"c-1\", \"by\": \"officer-wu\", \"at\": \"2026-12-18T15:59:00+08:00\", "
                + kindAndFields + "}");
    }

    ChangeDecider.Decision decide(String kindAndFields) {
        return decider.decide(START, change(kindAndFields), NOW);
    }

    @Test
    void poolHighAt75PercentIsAcceptedAsTheNextVersion() {
        ChangeDecider.Decision d = decide("\"kind\": \"rule-parameters\", \"ruleId\": \"plating.pool-high\", "
                + "\"parameters\": {\"highPct\": 75}");
        assertThat(d.accepted()).isTrue();
        assertThat(d.next().rule("plating.pool-high").version()).isEqualTo(2);
        assertThat(d.next().rule("plating.pool-high").parameters()).containsEntry("highPct", 75.0)
                .containsEntry("clearMarginPct", 5.0);
        assertThat(d.next().rule("plating.pool-not-ready")).isEqualTo(START.rule("plating.pool-not-ready"));
        assertThat(d.result()).containsEntry("changeId", "c-1").containsEntry("accepted", true)
                .containsEntry("ruleId", "plating.pool-high").containsEntry("ruleVersion", 2)
                .containsEntry("worldVersion", 1).containsEntry("at", "2026-12-18T16:00:00+08:00")
                .doesNotContainKey("reason");
    }

    @Test
    void aLostPersonRuleStartsFromTheJobsOwnParameters() {
        HikerRuleParams own = HikerRuleParams.defaults();
        own = own.withRule("hiker.signal-lost", RuleCatalogue.packaged().require("hiker.signal-lost").with(own.valuesOf("hiker.signal-lost"),
                java.util.Map.of("signalLostMinutes", 30.0)));
        ChangeDecider withOptions = new ChangeDecider(own, WastewaterParams.defaults());
        assertThat(withOptions.initial().rule("hiker.signal-lost").parameters()).containsEntry("signalLostMinutes", 30.0)
                .containsEntry("signalLostInGapMinutes", 180.0);
        ChangeDecider.Decision d = withOptions.decide(withOptions.initial(), change("\"kind\": \"rule-parameters\", "
                + "\"ruleId\": \"hiker.signal-lost\", \"parameters\": {\"signalLostInGapMinutes\": 120}"), NOW);
        assertThat(d.next().rule("hiker.signal-lost").parameters()).containsEntry("signalLostMinutes", 30.0)
                .containsEntry("signalLostInGapMinutes", 120.0);
    }

    @Test
    void aValueOutOfBoundsIsRefusedNamingTheParameter() {
        ChangeDecider.Decision d = decide("\"kind\": \"rule-parameters\", \"ruleId\": \"plating.pool-high\", "
                + "\"parameters\": {\"highPct\": 120}");
        assertThat(d.accepted()).isFalse();
        assertThat(d.result()).containsEntry("accepted", false).containsEntry("ruleVersion", 1)
                .containsEntry("reason", "highPct must be within 1..100 %, got 120");
    }

    @Test
    void valuesThatBreakTheRuleTogetherAreRefused() {
        ChangeDecider.Decision d = decide("\"kind\": \"rule-parameters\", \"ruleId\": \"plating.enclosure-water\", "
                + "\"parameters\": {\"clearFraction\": 0.8}");
        assertThat(d.result()).containsEntry("accepted", false)
                .containsEntry("reason", "need 0 < clearFraction ≤ highFraction < 1, got 0.8 and 0.5");
    }

    @Test
    void aRuleThatDoesNotExistIsRefused() {
        assertThat(decide("\"kind\": \"rule-enabled\", \"ruleId\": \"plating.nope\", \"enabled\": false").result())
                .containsEntry("accepted", false).containsEntry("reason", "no rule plating.nope in the catalogue");
    }

    @Test
    void brokenEplIsRefusedWithTheCompilersReason() {
        ChangeDecider.Decision d = decide("\"kind\": \"rule-epl\", \"ruleId\": \"hiker.off-trail-stationary\", "
                + "\"epl\": \"@name('hiker.off-trail-stationary') select * from pattern [every a=HikerArmed -> ]\"");
        assertThat(d.accepted()).isFalse();
        assertThat((String) d.result().get("reason")).startsWith("the EPL of hiker.off-trail-stationary does not compile: ");
        assertThat(d.result()).containsEntry("ruleVersion", 1);
    }

    @Test
    void everyRuleOfTheCatalogueChangesLive() {
        assertThat(java.util.stream.Stream.of(LostPersonRulesFunction.HIKER_RULES, ParkRulesFunction.PARK_RULES,
                SluiceWatchFunction.SLUICE_RULES).flatMap(List::stream))
                .as("every rule is decided by an operator that follows the live rules")
                .containsExactlyInAnyOrderElementsOf(RuleCatalogue.packaged().all().stream()
                        .map(RuleCatalogue.Rule::id).toList());
        ChangeDecider.Decision d = decide("\"kind\": \"rule-parameters\", \"ruleId\": \"plating.sluice-not-closed\", "
                + "\"parameters\": {\"closeWindowMinutes\": 5}");
        assertThat(d.accepted()).isTrue();
        assertThat(d.next().rule("plating.sluice-not-closed").parameters()).containsEntry("closeWindowMinutes", 5.0);
        assertThat(decide("\"kind\": \"rule-promote\", \"ruleId\": \"plating.pool-high\"").result())
                .containsEntry("reason", "rule plating.pool-high has no shadow version (live: version 1)");
    }

    @Test
    void aSluiceModuleMustSelectTheSluiceAndBindOnlyTheRulesParameters() {
        ChangeDecider.Decision noSluice = decide("\"kind\": \"rule-epl\", \"ruleId\": \"plating.sluice-not-closed\", "
                + "\"epl\": \"@name('plating.sluice-not-closed') select alertId from SluiceCloseOrder\"");
        assertThat((String) noSluice.result().get("reason"))
                .startsWith("the statement plating.sluice-not-closed must select sluiceId (String)");
        ChangeDecider.Decision unknown = decide("\"kind\": \"rule-epl\", \"ruleId\": \"plating.sluice-not-closed\", "
                + "\"epl\": \"@name('plating.sluice-not-closed') select sluiceId from SluiceCloseOrder(closedMaxPct > ?:rampCm:double)\"");
        assertThat((String) unknown.result().get("reason")).contains("?:rampCm is no parameter of the rule");
        ChangeDecider.Decision bound = decide("\"kind\": \"rule-epl\", \"ruleId\": \"plating.sluice-not-closed\", "
                + "\"epl\": \"@name('plating.sluice-not-closed') select sluiceId from SluiceCloseOrder(closedMaxPct < ?:closedMaxPct:double)\"");
        assertThat(bound.accepted()).as(String.valueOf(bound.result().get("reason"))).isTrue();
    }

    @Test
    void malformedChangesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> ControlChange.parse("{\"changeId\": \"c-2\", \"kind\": \"rule-parameters\"}"))
                .isInstanceOf(ControlChange.Malformed.class).hasMessage("by (the user who made the change) is required")
                .satisfies(e -> assertThat(((ControlChange.Malformed) e).changeId()).isEqualTo("c-2"));
        assertThatThrownBy(() -> change("\"kind\": \"rule-parameters\", \"ruleId\": \"plating.pool-high\""))
                .hasMessage("rule-parameters needs parameters");
        assertThatThrownBy(() -> change("\"kind\": \"rule-pause\""))
                .hasMessageStartingWith("kind must be one of rule-enabled, rule-epl,");
        assertThatThrownBy(() -> ControlChange.parse("{nope")).hasMessageStartingWith("not JSON: ")
                .satisfies(e -> assertThat(((ControlChange.Malformed) e).changeId()).isNull());
    }
}
