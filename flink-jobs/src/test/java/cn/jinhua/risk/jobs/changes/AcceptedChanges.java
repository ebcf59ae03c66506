package cn.jinhua.risk.jobs.changes;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import cn.jinhua.risk.jobs.world.WorldFeatures;
import cn.jinhua.risk.jobs.world.WorldSnapshot;

/** The live rules that changes of risk.control make, each checked to be accepted, over the seed world. */
public final class AcceptedChanges {
    public static final ChangeDecider DECIDER = new ChangeDecider(HikerRuleParams.defaults(), WastewaterParams.defaults(),
            WorldSnapshot.of(WorldFeatures.SEED));

    private AcceptedChanges() {
    }

    /** After these changes, each given as the fields beside changeId, by and at. */
    public static LiveRules after(String... kindAndFields) {
        String[] changes = new String[kindAndFields.length];
        for (int i = 0; i < changes.length; i++) {
            changes[i] = "{\"changeId\": \"c-" + i + "\", \"by\": \"officer-wu\", \"at\": \"2026-12-18T15:59:00+08:00\", "
                    + kindAndFields[i] + "}";
        }
        return afterChanges(changes);
    }

    /** After these changes, each a whole change as JSON. */
    public static LiveRules afterChanges(String... changes) {
        LiveRules live = DECIDER.initial();
        for (String c : changes) {
            ChangeDecider.Decision d = DECIDER.decide(live, ControlChange.parse(c), 0);
            assertThat(d.accepted()).as(String.valueOf(d.result().get("reason"))).isTrue();
            live = d.next();
        }
        return live;
    }
}
