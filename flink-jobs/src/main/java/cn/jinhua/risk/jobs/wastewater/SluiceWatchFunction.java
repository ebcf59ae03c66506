package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.rules.EventTimeEsper;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.LiveFollower;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import com.espertech.esper.common.client.EPCompiled;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts {@link SluiceNotClosedRule} for each sluice (the key): it watches a sluice after an alert
 * ordered it closed. The absence pattern is the rule's EPL module (the catalogue's, or one changed
 * live), deployed in the subtask's Esper runtime ({@link EventTimeEsper}), whose clock is event
 * time: inputs wait in keyed state for the watermark and are fed in time order from event-time
 * timers, each first advancing the Esper clock to the timer's time. The closing deadline is also a
 * Flink timer of the sluice's key, so the alert is emitted in that key's context, with its state, at
 * the deadline (the alert's event time), when the module matched the watched order by then.
 *
 * <p>Live changes ({@code docs/rules.md} "Changing rules live") arrive on the broadcast input as
 * the newest {@link LiveRules} snapshot and are followed from the next record or timer on, as by the
 * park rules: the closing window and the closed threshold of the orders watched from then on,
 * whether the rule is on (off, it starts no watch and raises nothing), its EPL module (a new
 * module is sent every watched order again, with the time left), the versions the alerts carry, and
 * the world the alerts' recommendations come from. A watch keeps the deadline it started with. A
 * shadow version watches the same orders beside the live one, with its own watches
 * ({@link #SHADOW_ORDER}, dropped whenever the shadow version changes) and its own runtime; its
 * alerts are marked {@code shadow}.
 *
 * <p>Restart: Esper's state is not checkpointed. What must survive lives in Flink state (the
 * orders being watched with their deadlines, the latest position, whether the sluice was already
 * reported); a key's orders are sent again to the new runtime on the key's first timer after a
 * restore, with the time left until their deadlines.
 */
public class SluiceWatchFunction extends KeyedBroadcastProcessFunction<String, SluiceEvent, String, Alert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SluiceWatchFunction.class);

    /** The rules this operator decides, whose live changes it follows. */
    public static final List<String> SLUICE_RULES = List.of(SluiceNotClosedRule.RULE.id());
    /** What a match of the rule's statement is made of: the sluice whose watched order it judges not closed in time. */
    public static final Map<String, Class<?>> EPL_OUTPUT = Map.of("sluiceId", String.class);

    static final MapStateDescriptor<Long, List<SluiceEvent>> PENDING = new MapStateDescriptor<>(
            "pending-sluice-events", Types.LONG, new TypeHint<List<SluiceEvent>>() { }.getTypeInfo());
    static final ValueStateDescriptor<SluiceEvent> ORDER =
            new ValueStateDescriptor<>("watched-order", TypeInformation.of(SluiceEvent.class));
    /** The watched order's deadline; absent in the state of builds before live changes (order + the live window). */
    static final ValueStateDescriptor<Long> DEADLINE = new ValueStateDescriptor<>("watch-deadline", Types.LONG);
    static final ValueStateDescriptor<SluiceEvent> LATEST =
            new ValueStateDescriptor<>("latest-position", TypeInformation.of(SluiceEvent.class));
    static final ValueStateDescriptor<Boolean> REPORTED =
            new ValueStateDescriptor<>("reported-open", Types.BOOLEAN);
    /** The shadow version's watch, empty while none runs; cleared whenever the shadow version changes. */
    static final ValueStateDescriptor<SluiceEvent> SHADOW_ORDER =
            new ValueStateDescriptor<>("shadow-watched-order", TypeInformation.of(SluiceEvent.class));
    static final ValueStateDescriptor<Long> SHADOW_DEADLINE =
            new ValueStateDescriptor<>("shadow-watch-deadline", Types.LONG);
    static final ValueStateDescriptor<Boolean> SHADOW_REPORTED =
            new ValueStateDescriptor<>("shadow-reported-open", Types.BOOLEAN);

    /** The keyed state this operator keeps (every one must restore in the next build). */
    public static List<StateDescriptor<?, ?>> states() {
        return List.of(PENDING, ORDER, DEADLINE, LATEST, REPORTED, SHADOW_ORDER, SHADOW_DEADLINE, SHADOW_REPORTED);
    }

    private final WorldSnapshot start;
    private final WastewaterParams params;
    private final EPCompiled types;
    private final String sensorsTopic;
    private transient RuleFailures failures;
    private transient LiveFollower follower;
    private transient EsperRuntime liveRuntime;
    /** The shadow version's runtime, null while none runs. */
    private transient EsperRuntime shadowRuntime;
    /** The shadow version {@link #shadowRuntime} was started for. */
    private transient int shadowRuntimeFor;
    private transient Watch live;
    /** The shadow version's watch, null while none runs. */
    private transient Watch shadow;
    private transient MapState<Long, List<SluiceEvent>> pending;
    private transient ValueState<SluiceEvent> latest;

    /**
     * @param types the event types the rule's EPL reads ({@link #compileEpl})
     * @param sensorsTopic the topic position readings come from (evidence, dead letters)
     */
    public SluiceWatchFunction(WorldSnapshot start, WastewaterParams params, EPCompiled types, String sensorsTopic) {
        this.start = start;
        this.params = params;
        this.types = types;
        this.sensorsTopic = sensorsTopic;
    }

    /**
     * The event types the rule's EPL reads, compiled; call once on the client. The rule's module is
     * compiled against them and deployed per rule version in the operator: the catalogue's at
     * start, a live change's when it comes.
     */
    public static EPCompiled compileEpl() {
        return EventTimeEsper.compile("the sluice watch's event types", SluiceNotClosedRule.SCHEMA);
    }

    @Override
    public void open(OpenContext openContext) {
        failures = new RuleFailures("wastewater sluice watch", getRuntimeContext());
        follower = new LiveFollower(start);
        pending = getRuntimeContext().getMapState(PENDING);
        latest = getRuntimeContext().getState(LATEST);
        liveRuntime = new EsperRuntime("sluice-watch-");
        use(null);
    }

    @Override
    public void close() {
        if (liveRuntime != null) {
            liveRuntime.esper.close();
            liveRuntime = null;
        }
        closeShadowRuntime();
    }

    private void closeShadowRuntime() {
        if (shadowRuntime != null) {
            shadowRuntime.esper.close();
            shadowRuntime = null;
        }
    }

    /**
     * The rule as {@code rules} has it (null before the first snapshot: this operator's parameters,
     * on), over the world in use, and its shadow version beside it, with a runtime of its own (a new
     * one whenever the shadow version changes).
     */
    private void use(LiveRules rules) {
        String id = SluiceNotClosedRule.RULE.id();
        World world = follower.world().world();
        live = new Watch(world, rules, false, liveRuntime, ORDER, DEADLINE, REPORTED);
        LiveRules.LiveRule shadowVersion = rules == null ? null : rules.rule(id).shadow();
        if (shadowVersion == null) {
            closeShadowRuntime();
            shadow = null;
            return;
        }
        if (shadowRuntime == null || shadowRuntimeFor != shadowVersion.version()) {
            closeShadowRuntime();
            shadowRuntime = new EsperRuntime("sluice-watch-shadow-");
            shadowRuntimeFor = shadowVersion.version();
        }
        shadow = new Watch(world, rules.asShadow(), true, shadowRuntime, SHADOW_ORDER, SHADOW_DEADLINE,
                SHADOW_REPORTED);
    }

    /**
     * Keeps the newest live snapshot; the rule follows it from the next record or timer. When the
     * shadow version changes (one starts, is promoted or stops), its watches are dropped for every
     * sluice: a new shadow starts from nothing.
     */
    @Override
    public void processBroadcastElement(String liveJson, Context ctx, Collector<Alert> out) throws Exception {
        BroadcastState<String, String> broadcast = ctx.getBroadcastState(LiveRules.BROADCAST);
        String before = broadcast.get(LiveRules.KEY);
        broadcast.put(LiveRules.KEY, liveJson);
        if (!LiveRules.shadowVersions(before, SLUICE_RULES).equals(LiveRules.shadowVersions(liveJson, SLUICE_RULES))) {
            ctx.applyToKeyedState(SHADOW_ORDER, (key, state) -> state.clear());
            ctx.applyToKeyedState(SHADOW_DEADLINE, (key, state) -> state.clear());
            ctx.applyToKeyedState(SHADOW_REPORTED, (key, state) -> state.clear());
        }
    }

    @Override
    public void processElement(SluiceEvent e, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
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
        if (follower.changed(ctx.getBroadcastState(LiveRules.BROADCAST), timestamp)) {
            use(follower.rules());
        }
        String sluiceId = ctx.getCurrentKey();
        List<Watch> watches = shadow == null ? List.of(live) : List.of(live, shadow);
        for (Watch w : watches) {
            w.runtime.esper.advanceTo(timestamp);
            w.hydrate(sluiceId);
        }
        List<SluiceEvent> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            List<SluiceEvent> sorted = new ArrayList<>(due);
            // Positions first: a sluice reading closed at the very time of an order needs no watch.
            sorted.sort(Comparator.comparing((SluiceEvent x) -> !x.isPosition()).thenComparingDouble(x -> x.pctOpen()));
            for (SluiceEvent e : sorted) {
                try {
                    if (e.isPosition()) {
                        onPosition(e, watches);
                    } else {
                        for (Watch w : watches) {
                            w.onOrder(e, ctx);
                        }
                    }
                } catch (RuntimeException | StackOverflowError x) {
                    ctx.output(RuleFailures.DEAD_LETTERS, e.isPosition()
                            ? failures.record(sensorsTopic, e.partition(), e.offset(), e, x)
                            : failures.timer(sluiceId, timestamp, x));
                }
            }
        }
        for (Watch w : watches) {
            w.atTime(sluiceId, timestamp, out);
        }
    }

    private void onPosition(SluiceEvent e, List<Watch> watches) throws Exception {
        SluiceEvent previous = latest.value();
        if (previous != null && previous.tsMillis() >= e.tsMillis()) {
            return;
        }
        latest.update(e);
        for (Watch w : watches) {
            w.onPosition(e);
        }
    }

    /** One Esper runtime of this subtask, and the sluices whose watched order its rule module has. */
    private final class EsperRuntime {
        /** Matches are the sluice ids whose watched order the module judged not closed in time. */
        final EventTimeEsper<String> esper;
        final Set<String> hydrated = new HashSet<>();

        EsperRuntime(String prefix) {
            esper = new EventTimeEsper<>(types, prefix + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    e -> (String) e.get("sluiceId"), id -> id);
        }

        /** Deploys the module unless it is the one deployed; a new one is sent every watched order again. */
        void deploy(String epl, SluiceNotClosedRule.Params p) {
            String id = SluiceNotClosedRule.RULE.id();
            try {
                if (esper.useRule(id, types, epl, p.values())) {
                    hydrated.clear();
                }
            } catch (IllegalStateException e) {
                // The validator deployed this module before accepting it; one that no longer
                // deploys is a defect, and the rule keeps the module it had.
                LOG.error("rule {} keeps its EPL: {}", id, e.getMessage());
            }
        }
    }

    /** One version of the rule (the live one, or its shadow) over its own watches. */
    private final class Watch {
        final SluiceNotClosedRule rule;
        final World world;
        final boolean on;
        final EsperRuntime runtime;
        final WastewaterPresenter presenter;
        final ValueState<SluiceEvent> order;
        final ValueState<Long> deadline;
        final ValueState<Boolean> reported;

        /** @param rules the live rules as this version sees them ({@link LiveRules#asShadow} for a shadow) */
        Watch(World world, LiveRules rules, boolean isShadow, EsperRuntime runtime, ValueStateDescriptor<SluiceEvent> order,
              ValueStateDescriptor<Long> deadline, ValueStateDescriptor<Boolean> reported) {
            String id = SluiceNotClosedRule.RULE.id();
            SluiceNotClosedRule.Params p = rules == null ? params.sluice()
                    : SluiceNotClosedRule.Params.of(rules.rule(id).parameters());
            this.rule = new SluiceNotClosedRule(p);
            this.world = world;
            this.on = !LiveRules.disabled(rules).contains(id);
            this.runtime = runtime;
            runtime.deploy(rules == null ? SluiceNotClosedRule.RULE.epl() : rules.rule(id).epl(), p);
            this.presenter = new WastewaterPresenter(new ParkGeo(world), params, EtaModel.defaults(), Clock.systemUTC(),
                    sensorsTopic);
            presenter.versions(rules, isShadow);
            this.order = getRuntimeContext().getState(order);
            this.deadline = getRuntimeContext().getState(deadline);
            this.reported = getRuntimeContext().getState(reported);
        }

        private long deadlineOf(SluiceEvent watched) throws Exception {
            Long d = deadline.value();
            return d == null ? rule.deadline(watched) : d;
        }

        void onPosition(SluiceEvent e) throws Exception {
            if (rule.closed(e)) {
                reported.clear();
                order.clear();
                deadline.clear();
            }
            runtime.esper.send(SluiceNotClosedRule.positionEvent(e), SluiceNotClosedRule.POSITION_EVENT);
        }

        void onOrder(SluiceEvent e, OnTimerContext ctx) throws Exception {
            if (!on || !rule.watches(order.value(), Boolean.TRUE.equals(reported.value()), latest.value())) {
                return;
            }
            long due = rule.deadline(e);
            order.update(e);
            deadline.update(due);
            runtime.esper.drain(e.sluiceId());
            runtime.hydrated.add(e.sluiceId());
            ctx.timerService().registerEventTimeTimer(due);
            runtime.esper.send(rule.orderEvent(e, timeLeft(due)), SluiceNotClosedRule.ORDER_EVENT);
        }

        /** At or past the watched order's deadline: the alert when the module matched it, and the watch ends. */
        void atTime(String sluiceId, long timestamp, Collector<Alert> out) throws Exception {
            SluiceEvent watched = order.value();
            if (watched == null) {
                return;
            }
            long due = deadlineOf(watched);
            if (timestamp < due) {
                return;
            }
            boolean matched = !runtime.esper.drain(sluiceId).isEmpty();
            var verdict = rule.atDeadline(sluiceId, watched, latest.value(), matched, timestamp);
            if (verdict.isPresent() && on) {
                if (world.find(sluiceId, Sluice.class).isEmpty()) {
                    LOG.info("sluice {} was taken out of the world while its closing was watched: the watch ends",
                            sluiceId);
                } else {
                    out.collect(presenter.sluiceNotClosed(verdict.get(), Duration.ofMillis(due - watched.tsMillis())));
                    reported.update(true);
                }
            }
            order.clear();
            deadline.clear();
        }

        /** Sends the watched order again to a runtime or module that has not seen it (after a restore or a new module). */
        void hydrate(String sluiceId) throws Exception {
            if (!runtime.hydrated.add(sluiceId)) {
                return;
            }
            SluiceEvent watched = order.value();
            if (watched != null) {
                runtime.esper.send(rule.orderEvent(watched, timeLeft(deadlineOf(watched))),
                        SluiceNotClosedRule.ORDER_EVENT);
            }
        }

        /**
         * From the runtime's clock to the deadline. Timers fire in time order and this key's
         * deadline timer has not fired yet, so the clock is at or before the deadline; at it, the
         * wait is 0 and the module decides on the order at once.
         */
        private long timeLeft(long due) {
            return Math.max(0, due - runtime.esper.now());
        }
    }
}
