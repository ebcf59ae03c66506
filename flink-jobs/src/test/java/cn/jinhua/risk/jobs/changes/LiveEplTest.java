package cn.jinhua.risk.jobs.changes;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** rule-epl: a rule's new EPL module is accepted as its next version when it compiles, deploys and selects a match's fields. */
public class LiveEplTest {
    static final String CATALOGUE = RuleCatalogue.packaged().require("hiker.off-trail-stationary").epl();
    /** Test phones of a drill ("test-…") raise nothing; the wait bound to the rule's stillMinutes. */
    public static final String DRILLS_SILENT = CATALOGUE
            .replace("every a=HikerArmed(rule = 'hiker.off-trail-stationary')",
                    "every a=HikerArmed(rule = 'hiker.off-trail-stationary', deviceId not like 'test-%',"
                            + " waitMs / 60000.0 <= ?:stillMinutes:double)");
    final ChangeDecider decider = new ChangeDecider(HikerRuleParams.defaults(), WastewaterParams.defaults());

    ChangeDecider.Decision decide(String epl) throws Exception {
        return decider.decide(decider.initial(), ChangeDeciderTest.change("\"kind\": \"rule-epl\", \"ruleId\":"
                + " \"hiker.off-trail-stationary\", \"epl\": " + new ObjectMapper().writeValueAsString(epl)),
                ChangeDeciderTest.NOW);
    }

    @Test
    void eplThatCompilesDeploysAndSelectsAMatchIsTheRulesNextVersion() throws Exception {
        assertThat(DRILLS_SILENT).isNotEqualTo(CATALOGUE);
        ChangeDecider.Decision d = decide(DRILLS_SILENT);
        assertThat(d.result()).containsEntry("accepted", true).containsEntry("ruleVersion", 2);
        assertThat(d.next().rule("hiker.off-trail-stationary").epl()).isEqualTo(DRILLS_SILENT);
        assertThat(d.next().rule("hiker.off-trail-stationary").parameters())
                .isEqualTo(decider.initial().rule("hiker.off-trail-stationary").parameters());
    }

    @Test
    void eplThatDoesNotSelectWhatAMatchIsMadeOfIsRefused() throws Exception {
        ChangeDecider.Decision d = decide(CATALOGUE.replace(", a.armId as armId", ""));
        assertThat(d.result()).containsEntry("accepted", false).containsEntry("ruleVersion", 1);
        assertThat((String) d.result().get("reason")).startsWith("the statement hiker.off-trail-stationary must select"
                + " armId (Long), which a match of the rule is made of; it selects ");
    }

    @Test
    void eplBindingAValueTheRuleDoesNotHaveIsRefused() throws Exception {
        ChangeDecider.Decision d = decide(CATALOGUE.replace("a.waitMs / 1000.0", "?:graceSeconds:double"));
        assertThat(d.result()).containsEntry("accepted", false);
        assertThat((String) d.result().get("reason")).startsWith("the EPL of hiker.off-trail-stationary does not deploy: ")
                .contains("?:graceSeconds is no parameter of the rule (it has offTrailMarginM, stillMinutes,");
    }

    @Test
    void aRuleDecidedInJavaHasNoEpl() throws Exception {
        ChangeDecider.Decision d = decider.decide(decider.initial(), ChangeDeciderTest.change("\"kind\": \"rule-epl\","
                + " \"ruleId\": \"plating.pool-high\", \"epl\": \"@name('plating.pool-high') select 1\""), ChangeDeciderTest.NOW);
        assertThat(d.result()).containsEntry("reason", "rule plating.pool-high is decided in Java and has no EPL");
    }
}
