package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.jobs.WorldRef;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.rules.hiker.HikerEsper;
import cn.jinhua.risk.jobs.rules.hiker.HikerRuleParams;
import cn.jinhua.risk.jobs.rules.hiker.HikerRulesFunction;
import com.espertech.esper.common.client.EPCompiled;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The lost-person topology (SPEC §4): validated fixes and calls in, lost-person alerts out. No
 * sources, sinks or environment settings. Inputs must carry event-time timestamps and watermarks,
 * with late records already removed. The hiker EPL is compiled here, once, on the client.
 */
public final class LostPersonTopology {
    public static final String UID_RULES = "hiker-rules";

    private LostPersonTopology() {
    }

    public static DataStream<Alert> apply(DataStream<LocationFix> fixes, DataStream<EmergencyCall> calls,
                                          HikerRuleParams params, WorldRef world, FeedTopics topics) {
        return apply(fixes, calls, new HikerRulesFunction(params, world, HikerEsper.compile(), topics));
    }

    /** With a given rules function (tests pin its wall clock). */
    public static DataStream<Alert> apply(DataStream<LocationFix> fixes, DataStream<EmergencyCall> calls,
                                          HikerRulesFunction rules) {
        return fixes.keyBy(HikerRulesFunction.fixKey())
                .connect(calls.keyBy(HikerRulesFunction.callKey()))
                .process(rules)
                .uid(UID_RULES)
                .name("lost-person rules");
    }

    /** Compiled hiker EPL, for callers that build several functions. */
    public static EPCompiled compiledRules() {
        return HikerEsper.compile();
    }
}
