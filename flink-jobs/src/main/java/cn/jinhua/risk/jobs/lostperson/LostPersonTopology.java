package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.Detections;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The lost-person topology ({@code docs/rules.md} "Lost persons"): validated fixes and calls in,
 * lost-person alerts out. No sources, sinks or environment settings. Inputs must carry event-time
 * timestamps and watermarks, with late records already removed. The rules' EPL is compiled here,
 * once, on the client. The rules follow the live rules on their broadcast input.
 */
public final class LostPersonTopology {
    public static final String UID_RULES = "hiker-rules";

    private LostPersonTopology() {
    }

    /**
     * @param liveRules the live rules as JSON ({@code changes.LiveChangesTopology}), broadcast to the rules
     */
    public static Detections apply(DataStream<LocationFix> fixes, DataStream<EmergencyCall> calls,
                                   DataStream<String> liveRules, HikerRuleParams params, WorldSnapshot world,
                                   FeedTopics topics) {
        return apply(fixes, calls, liveRules,
                new LostPersonRulesFunction(params, world, LostPersonRulesFunction.compileEpl(), topics));
    }

    /** With a given rules function (tests pin its wall clock). */
    public static Detections apply(DataStream<LocationFix> fixes, DataStream<EmergencyCall> calls,
                                   DataStream<String> liveRules, LostPersonRulesFunction rules) {
        DataStream<HikerInput> inputs = fixes.map(HikerInput::of).returns(HikerInput.TYPE).name("fix")
                .union(calls.map(HikerInput::of).returns(HikerInput.TYPE).name("call"));
        SingleOutputStreamOperator<Alert> alerts = inputs.keyBy(LostPersonRulesFunction.key())
                // Every subtask gets every snapshot; the operator keeps it in its broadcast state.
                .connect(liveRules.broadcast())
                .transform("lost-person rules", TypeInformation.of(Alert.class), new LostPersonRulesOperator(rules))
                .uid(UID_RULES)
                .name("lost-person rules");
        return new Detections(alerts, alerts.getSideOutput(RuleFailures.DEAD_LETTERS));
    }
}
