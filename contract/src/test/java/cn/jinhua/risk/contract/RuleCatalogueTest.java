package cn.jinhua.risk.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleCatalogueTest {

    @Test
    void holdsTheElevenRulesWithNamesInBothLanguages() {
        RuleCatalogue c = RuleCatalogue.packaged();
        assertThat(c.all()).extracting(RuleCatalogue.Rule::id).containsExactly(
                "hiker.after-dark", "hiker.distress-call", "hiker.off-trail-stationary", "hiker.signal-lost",
                "plating.creek-contamination", "plating.creek-space-filling", "plating.enclosure-water",
                "plating.pool-high", "plating.pool-not-ready", "plating.pool-overflow-forecast",
                "plating.sluice-not-closed");
        RuleCatalogue.Rule poolHigh = c.require("plating.pool-high");
        assertThat(poolHigh.scenario()).isEqualTo("WASTEWATER");
        assertThat(poolHigh.severities()).containsExactly(Severity.MEDIUM, Severity.HIGH);
        assertThat(poolHigh.nameZh()).isEqualTo("事故应急池高液位");
        assertThat(c.require("hiker.signal-lost").nameEn()).isEqualTo("Phone signal lost on the mountain");
    }

    @Test
    void anUnknownRuleIsRefusedByName() {
        assertThat(RuleCatalogue.packaged().find("hiker.nope")).isEmpty();
        assertThatThrownBy(() -> RuleCatalogue.packaged().require("hiker.nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hiker.nope");
    }

    @Test
    void everyRuleHasItsParametersWithUnitsBoundsAndDefaults() {
        RuleCatalogue c = RuleCatalogue.packaged();
        assertThat(c.all()).allSatisfy(r -> assertThat(r.parameters()).isNotEmpty());
        RuleCatalogue.Parameter still = c.require("hiker.off-trail-stationary").parameter("stillMinutes").orElseThrow();
        assertThat(still.unit()).isEqualTo("min");
        assertThat(still.min()).isEqualTo(1.0);
        assertThat(still.max()).isEqualTo(720.0);
        assertThat(c.require("hiker.off-trail-stationary").defaults()).containsExactly(
                Map.entry("offTrailMarginM", 100.0), Map.entry("stillMinutes", 20.0), Map.entry("stillMinFixes", 3),
                Map.entry("stillRadiusM", 50.0), Map.entry("trackAccuracyMaxM", 100.0));
        assertThat(c.require("hiker.distress-call").defaults().get("keywords"))
                .isEqualTo(List.of("迷路", "被困", "走不出来", "lost", "trapped"));
        assertThat(c.require("plating.pool-high").defaults()).containsEntry("highPct", null).containsEntry("clearMarginPct", 5.0);
    }

    @Test
    void thePatternsInTimeCarryTheirEpl() {
        RuleCatalogue c = RuleCatalogue.packaged();
        assertThat(c.all()).filteredOn(r -> r.epl() != null).extracting(RuleCatalogue.Rule::id)
                .containsExactly("hiker.after-dark", "hiker.off-trail-stationary", "plating.sluice-not-closed");
        assertThat(c.require("plating.sluice-not-closed").epl())
                .contains("@name('plating.sluice-not-closed')\nselect o.sluiceId");
    }

    @Test
    void aChangedParameterIsCheckedAgainstItsTypeAndBounds() {
        RuleCatalogue.Rule poolHigh = RuleCatalogue.packaged().require("plating.pool-high");
        assertThat(poolHigh.with(poolHigh.defaults(), Map.of("highPct", 75))).containsEntry("highPct", 75.0)
                .containsEntry("clearMarginPct", 5.0);
        assertThatThrownBy(() -> poolHigh.with(poolHigh.defaults(), Map.of("highPct", 120)))
                .hasMessage("highPct must be within 1..100 %, got 120");
        assertThatThrownBy(() -> poolHigh.with(poolHigh.defaults(), Map.of("highPct", "75")))
                .hasMessage("highPct must be a number, got the text \"75\"");
        assertThatThrownBy(() -> poolHigh.with(poolHigh.defaults(), Map.of("lowPct", 10)))
                .hasMessage("rule plating.pool-high has no parameter lowPct (it has: highPct, clearMarginPct)");
        RuleCatalogue.Rule still = RuleCatalogue.packaged().require("hiker.off-trail-stationary");
        assertThatThrownBy(() -> still.with(still.defaults(), Map.of("stillMinFixes", 2.5)))
                .hasMessage("stillMinFixes must be a whole number, got 2.5");
        RuleCatalogue.Rule call = RuleCatalogue.packaged().require("hiker.distress-call");
        assertThatThrownBy(() -> call.with(call.defaults(), Map.of("keywords", List.of())))
                .hasMessage("keywords must be a non-empty list of texts, got []");
        assertThat(call.with(call.defaults(), Map.of("keywords", List.of("help"))).get("keywords")).isEqualTo(List.of("help"));
    }
}
