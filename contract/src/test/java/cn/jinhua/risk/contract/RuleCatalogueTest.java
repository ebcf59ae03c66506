package cn.jinhua.risk.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
