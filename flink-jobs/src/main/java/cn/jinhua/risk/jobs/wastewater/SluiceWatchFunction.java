package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.rules.EventTimeEsper;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import com.espertech.esper.common.client.EPCompiled;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Hosts {@link SluiceNotClosedRule} for each sluice (the key): it watches a sluice after an alert
 * ordered it closed. The absence pattern runs in the subtask's Esper runtime
 * ({@link EventTimeEsper}), whose clock is event time: inputs wait in keyed state for the watermark
 * and are fed in time order from event-time timers, each first advancing the Esper clock to the
 * timer's time. The closing deadline is also a Flink timer of the sluice's key, so the alert is
 * emitted in that key's context, with its state, at the deadline (the alert's event time).
 *
 * <p>Restart: Esper's state is not checkpointed. What must survive lives in Flink state (the
 * order being watched, the latest position, whether the sluice was already reported); a key's
 * order is sent again to the new runtime on the key's first timer after a restore, with the time
 * left until its deadline.
 */
public class SluiceWatchFunction extends KeyedProcessFunction<String, SluiceEvent, Alert> {
    private static final long serialVersionUID = 1L;

    static final MapStateDescriptor<Long, List<SluiceEvent>> PENDING = new MapStateDescriptor<>(
            "pending-sluice-events", Types.LONG, new TypeHint<List<SluiceEvent>>() { }.getTypeInfo());
    static final ValueStateDescriptor<SluiceEvent> ORDER =
            new ValueStateDescriptor<>("watched-order", TypeInformation.of(SluiceEvent.class));
    static final ValueStateDescriptor<SluiceEvent> LATEST =
            new ValueStateDescriptor<>("latest-position", TypeInformation.of(SluiceEvent.class));
    static final ValueStateDescriptor<Boolean> REPORTED =
            new ValueStateDescriptor<>("reported-open", Types.BOOLEAN);

    /** The keyed state this operator keeps (every one must restore in the next build). */
    public static List<StateDescriptor<?, ?>> states() {
        return List.of(PENDING, ORDER, LATEST, REPORTED);
    }

    private final WorldSnapshot world;
    private final WastewaterParams params;
    private final EPCompiled epl;
    private final String sensorsTopic;
    private transient RuleFailures failures;

    private transient WastewaterPresenter presenter;
    private transient SluiceNotClosedRule rule;
    /** Matches are the sluice ids whose watched order held for its whole window. */
    private transient EventTimeEsper<String> esper;
    private transient Set<String> hydrated;
    private transient MapState<Long, List<SluiceEvent>> pending;
    private transient ValueState<SluiceEvent> order;
    private transient ValueState<SluiceEvent> latest;
    private transient ValueState<Boolean> reported;

    /** @param sensorsTopic the topic position readings come from (evidence, dead letters) */
    public SluiceWatchFunction(WorldSnapshot world, WastewaterParams params, EPCompiled epl, String sensorsTopic) {
        this.world = world;
        this.params = params;
        this.epl = epl;
        this.sensorsTopic = sensorsTopic;
    }

    /** The rule's EPL, compiled; call once on the client. */
    public static EPCompiled compileEpl() {
        return EventTimeEsper.compile(SluiceNotClosedRule.RULE.id(), SluiceNotClosedRule.EPL);
    }

    @Override
    public void open(OpenContext openContext) {
        presenter = new WastewaterPresenter(new ParkGeo(world.world()), params, EtaModel.defaults(), Clock.systemUTC(),
                sensorsTopic);
        failures = new RuleFailures("wastewater sluice watch", getRuntimeContext());
        rule = new SluiceNotClosedRule(params.sluice());
        esper = new EventTimeEsper<>(epl, "sluice-watch-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                Set.of(SluiceNotClosedRule.RULE.id()), e -> (String) e.get("sluiceId"), id -> id);
        hydrated = new HashSet<>();
        pending = getRuntimeContext().getMapState(PENDING);
        order = getRuntimeContext().getState(ORDER);
        latest = getRuntimeContext().getState(LATEST);
        reported = getRuntimeContext().getState(REPORTED);
    }

    @Override
    public void close() {
        if (esper != null) {
            esper.close();
            esper = null;
        }
    }

    @Override
    public void processElement(SluiceEvent e, Context ctx, Collector<Alert> out) throws Exception {
        // Late input is fed at the watermark instead of its own time: Esper's clock never goes back.
        long at = Math.max(e.tsMillis(), ctx.timerService().currentWatermark() + 1);
        List<SluiceEvent> atTs = pending.get(at);
        if (atTs == null) {
            atTs = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(at);
        }
        if (!atTs.contains(e)) {
            atTs.add(e);
        }
        pending.put(at, atTs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        try {
            onTime(timestamp, ctx, out);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.output(RuleFailures.DEAD_LETTERS, failures.timer(ctx.getCurrentKey(), timestamp, e));
        }
    }

    private void onTime(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        String sluiceId = ctx.getCurrentKey();
        esper.advanceTo(timestamp);
        hydrate(sluiceId);
        List<SluiceEvent> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            List<SluiceEvent> sorted = new ArrayList<>(due);
            // Positions first: a sluice reading closed at the very time of an order needs no watch.
            sorted.sort(Comparator.comparing((SluiceEvent x) -> !x.isPosition()).thenComparingDouble(x -> x.pctOpen()));
            for (SluiceEvent e : sorted) {
                try {
                    if (e.isPosition()) {
                        onPosition(e);
                    } else {
                        onOrder(e, ctx);
                    }
                } catch (RuntimeException | StackOverflowError x) {
                    ctx.output(RuleFailures.DEAD_LETTERS, e.isPosition()
                            ? failures.record(sensorsTopic, e.partition(), e.offset(), e, x)
                            : failures.timer(sluiceId, timestamp, x));
                }
            }
        }
        SluiceEvent watched = order.value();
        if (watched != null && timestamp >= rule.deadline(watched)) {
            boolean matched = !esper.drain(sluiceId).isEmpty();
            var verdict = rule.atDeadline(sluiceId, watched, latest.value(), matched, timestamp);
            if (verdict.isPresent()) {
                out.collect(presenter.sluiceNotClosed(verdict.get(), params.sluice().closeWindow()));
                reported.update(true);
            }
            order.clear();
        }
    }

    private void onPosition(SluiceEvent e) throws Exception {
        SluiceEvent previous = latest.value();
        if (previous != null && previous.tsMillis() >= e.tsMillis()) {
            return;
        }
        latest.update(e);
        if (rule.closed(e)) {
            reported.clear();
            order.clear();
        }
        esper.send(SluiceNotClosedRule.positionEvent(e), SluiceNotClosedRule.POSITION_EVENT);
    }

    private void onOrder(SluiceEvent e, OnTimerContext ctx) throws Exception {
        if (!rule.watches(order.value(), Boolean.TRUE.equals(reported.value()), latest.value())) {
            return;
        }
        order.update(e);
        esper.drain(e.sluiceId());
        ctx.timerService().registerEventTimeTimer(rule.deadline(e));
        esper.send(rule.orderEvent(e, rule.params().closeWindow().toMillis()), SluiceNotClosedRule.ORDER_EVENT);
    }

    /** Sends the watched order again to a runtime that has not seen it (after a restore). */
    private void hydrate(String sluiceId) throws Exception {
        if (!hydrated.add(sluiceId)) {
            return;
        }
        SluiceEvent watched = order.value();
        if (watched != null) {
            // Timers fire in time order and this key's deadline timer has not fired yet, so the
            // Esper clock is at or before the deadline.
            esper.send(rule.orderEvent(watched, Math.max(0, rule.deadline(watched) - esper.now())),
                    SluiceNotClosedRule.ORDER_EVENT);
        }
    }
}
