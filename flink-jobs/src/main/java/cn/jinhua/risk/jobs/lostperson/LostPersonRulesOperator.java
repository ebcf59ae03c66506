package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.rules.LiveRules;
import java.util.List;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * The lost-person rules' operator: {@link LostPersonRulesFunction} with its Esper matches raised when
 * they happen. A function can set timers for the key in hand only, and an Esper clock advance in
 * one device's timer can complete another device's pattern; after each timer this operator gives
 * every device so matched a timer at that time, which Flink fires in the same watermark, so the
 * match is raised at once instead of at the device's own next timer. While a module that is not the
 * catalogue's is deployed, it also keeps a timer at the next time a module waits for (an interval
 * longer than the episode's due time, say), so the Esper clock reaches it even when no device's
 * timer is due then. With the catalogue's modules both cost one empty-set check per timer.
 */
public final class LostPersonRulesOperator extends CoBroadcastWithKeyedOperator<String, HikerInput, String, Alert> {
    private static final long serialVersionUID = 1L;
    /** The name under which the function's timers live (CoBroadcastWithKeyedOperator's). */
    private static final String TIMERS = "user-timers";

    private transient InternalTimerService<VoidNamespace> timers;
    /** The module time a timer was last set at, so one time gets one timer. */
    private transient long drivenTo;

    public LostPersonRulesOperator(LostPersonRulesFunction rules) {
        super(rules, List.of(LiveRules.BROADCAST));
    }

    @Override
    public void open() throws Exception {
        super.open();
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        drivenTo = Long.MIN_VALUE;
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        super.onEventTime(timer);
        LostPersonRulesFunction rules = (LostPersonRulesFunction) getUserFunction();
        long at = timer.getTimestamp();
        for (String device : rules.devicesMatchedBesides(timer.getKey())) {
            setCurrentKey(device);
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
        }
        long next = rules.nextModuleTime();
        if (next != Long.MAX_VALUE && next > at && next != drivenTo) {
            setCurrentKey(timer.getKey());
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, next);
            drivenTo = next;
        }
        setCurrentKey(timer.getKey());
    }
}
