package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.LiveFollower;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Hosts the reading-driven wastewater rules for the pools at home in one key (the park as the job
 * started, or a pool put in live; {@link SensorRoutes}) or one creek reach: {@link PoolHighRule}, {@link PoolOverflowForecastRule}, {@link PoolNotReadyRule} on pool
 * levels, {@link EnclosureWaterRule} on gate depths, {@link CreekSpaceFillingRule} on the creek
 * level and {@link CreekContaminationRule} on water quality; {@link WastewaterPresenter} writes
 * their alerts. Every reading is decided on arrival: a rule whose condition it completes fires on
 * it, without waiting for the watermark. Sluice closing orders leave on {@link #CLOSE_REQUESTS}.
 *
 * <p>Input: validated readings with event-time timestamps, each sensor's in the order it sent them
 * (one Kafka partition per sensor key); different sensors' readings interleave in any order
 * within the job's out-of-orderness bound. A reading newer than the last one of its sensor is
 * decided; one at its time is a duplicate and ignored (duplicated records never give duplicate
 * alerts); an older one arrived out of order and only joins the sensor's history (trends, other
 * rules' look-ups), never firing. A rule that reads another sensor (a transfer plan, the upstream
 * reference) reads it as of the bound before its own reading ({@link ParkState#asOf}), so the
 * alerts, ids and contents alike, do not depend on how the sensors' records interleaved
 * (wastewater/DESIGN.md "Decided on arrival"). Only a backlog waits: a reading further than
 * {@code maxDecisionLead} ahead of the watermark (another partition is behind) is held; it is
 * decided, in time order with the others held, when the watermark is within the bound of it or a
 * reading decidable on arrival comes after the watermark has caught up with it; one that came
 * before any watermark is decided at the first that makes it decidable. A level reading of another home key of the
 * same pool network only joins the history its transfer plans read. State: the key's
 * {@link ParkState}, bounded by the sensors of its pool network, and {@link #PENDING}, the held
 * readings (removed when decided).
 *
 * <p>Live changes ({@code docs/rules.md} "Changing rules live") arrive on the broadcast input as
 * the newest {@link LiveRules} snapshot, already validated, and are kept in broadcast state
 * ({@link LiveRules#BROADCAST}, checkpointed). The rules, their parameters, whether each is on and
 * the versions the alerts carry follow the snapshot from the next reading on; before the first
 * snapshot they are the catalogue's, with this operator's parameters. So does the world
 * ({@link cn.jinhua.risk.jobs.world.LiveWorld}): pools, plants, pipes, teams and sensor limits changed live, each world change
 * counting until its expiry passes the operator's event time. A reading routed with a newer world
 * than this operator's (a sensor put in live, whose snapshot has not reached this input yet) waits
 * in {@link #AWAITING_WORLD} until the snapshot is here, checked every {@link #WORLD_WAIT_MS} ms of
 * processing time; one whose sensor the world in use no longer has (taken out meanwhile) goes to
 * the dead letters as {@value SensorRouter#UNKNOWN_SENSOR}.
 */
public class ParkRulesFunction extends KeyedBroadcastProcessFunction<String, RoutedReading, String, Alert> {
    private static final long serialVersionUID = 1L;
    /** Event time, ties by sensor then value: the same readings decide the same way whatever their arrival order. */
    private static final Comparator<SensorReading> DECISION_ORDER = Comparator.comparingLong(SensorReading::tsMillis)
            .thenComparing(SensorReading::sensorId).thenComparingDouble(SensorReading::value);

    /** The rules this operator decides, whose live changes it follows. */
    public static final List<String> PARK_RULES = List.of(PoolHighRule.RULE.id(), PoolOverflowForecastRule.RULE.id(),
            PoolNotReadyRule.RULE.id(), EnclosureWaterRule.RULE.id(), CreekContaminationRule.RULE.id(),
            CreekSpaceFillingRule.RULE.id());

    /** Orders to close a sluice, for {@link SluiceWatchFunction}. */
    public static final OutputTag<SluiceCloseRequest> CLOSE_REQUESTS =
            new OutputTag<>("wastewater-close-requests", TypeInformation.of(SluiceCloseRequest.class));

    /**
     * Held readings by the watermark that releases them (event time minus the bound; the builds
     * before decisions on arrival held every reading, by its own event time: their savepoints
     * restore and release the same way).
     */
    static final MapStateDescriptor<Long, List<SensorReading>> PENDING = new MapStateDescriptor<>(
            "pending-readings", Types.LONG, new TypeHint<List<SensorReading>>() { }.getTypeInfo());
    static final ValueStateDescriptor<ParkState> STATE =
            new ValueStateDescriptor<>("park-state", TypeInformation.of(ParkState.class));
    /** The shadow versions' own state, empty while none runs; cleared whenever the shadow versions change. */
    static final ValueStateDescriptor<ParkState> SHADOW_STATE =
            new ValueStateDescriptor<>("park-state-shadow", TypeInformation.of(ParkState.class));

    /** Readings routed with a newer world than this operator's, until its broadcast input brings that world. */
    static final ListStateDescriptor<RoutedReading> AWAITING_WORLD =
            new ListStateDescriptor<>("readings-awaiting-world", TypeInformation.of(RoutedReading.class));
    /** How often a reading awaiting its world checks again, in processing time. */
    static final long WORLD_WAIT_MS = 20;

    /** The keyed state this operator keeps (every one must restore in the next build). */
    public static List<StateDescriptor<?, ?>> states() {
        return List.of(PENDING, STATE, SHADOW_STATE, AWAITING_WORLD);
    }

    private final WorldSnapshot worldSnapshot;
    private final WastewaterParams params;
    private final String sensorsTopic;
    private transient RuleFailures failures;
    private transient ParkRuleSet rules;
    /** The shadow versions' rules, null while none runs. */
    private transient ParkRuleSet shadowRules;
    private transient LiveFollower follower;
    /** Which key decides each sensor in the world in use (and the sensors taken out since the operator opened). */
    private transient SensorRoutes routes;
    private transient MapState<Long, List<SensorReading>> pending;
    private transient ValueState<ParkState> state;
    private transient ValueState<ParkState> shadowState;
    private transient ListState<RoutedReading> awaitingWorld;

    /** @param sensorsTopic the topic the readings come from (evidence, dead letters) */
    public ParkRulesFunction(WorldSnapshot world, WastewaterParams params, String sensorsTopic) {
        this.worldSnapshot = world;
        this.params = params;
        this.sensorsTopic = sensorsTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        follower = new LiveFollower(worldSnapshot);
        failures = new RuleFailures("wastewater park rules", getRuntimeContext());
        use(null);
        pending = getRuntimeContext().getMapState(PENDING);
        state = getRuntimeContext().getState(STATE);
        shadowState = getRuntimeContext().getState(SHADOW_STATE);
        awaitingWorld = getRuntimeContext().getListState(AWAITING_WORLD);
    }

    /**
     * The rules as {@code live} has them (null before the first snapshot: this operator's
     * parameters, every rule on), over the world in use, and the shadow versions' beside them.
     */
    private void use(LiveRules live) {
        World world = follower.world().world();
        routes = SensorRoutes.of(worldSnapshot.world(), world).remembering(routes);
        rules = new ParkRuleSet(world, paramsOf(live), live, LiveRules.disabled(live), false, sensorsTopic);
        Set<String> shadowed = LiveRules.shadowed(live);
        shadowed.retainAll(PARK_RULES);
        if (shadowed.isEmpty()) {
            shadowRules = null;
            return;
        }
        LiveRules asShadow = live.asShadow();
        Set<String> silent = new HashSet<>(PARK_RULES);
        silent.removeAll(shadowed);
        silent.addAll(LiveRules.disabled(asShadow));
        shadowRules = new ParkRuleSet(world, paramsOf(asShadow), asShadow, silent, true, sensorsTopic);
    }

    private WastewaterParams paramsOf(LiveRules live) {
        WastewaterParams p = params;
        if (live != null) {
            for (String id : PARK_RULES) {
                p = p.withRule(id, live.rule(id).parameters());
            }
        }
        return p;
    }

    /** Follows the live rules and the world from this record or timer on, when they changed. */
    private void followLive(ReadOnlyBroadcastState<String, String> broadcast, long eventTime) throws Exception {
        if (follower.changed(broadcast, eventTime)) {
            use(follower.rules());
        }
    }

    /**
     * Keeps the newest live snapshot; the rules follow it from the next reading or timer. When the
     * shadow versions change (one starts, is promoted or stops), their state is dropped for every
     * key: a new shadow starts from nothing.
     */
    @Override
    public void processBroadcastElement(String liveJson, Context ctx, Collector<Alert> out) throws Exception {
        BroadcastState<String, String> broadcast = ctx.getBroadcastState(LiveRules.BROADCAST);
        String before = broadcast.get(LiveRules.KEY);
        broadcast.put(LiveRules.KEY, liveJson);
        if (!LiveRules.shadowVersions(before, PARK_RULES).equals(LiveRules.shadowVersions(liveJson, PARK_RULES))) {
            ctx.applyToKeyedState(SHADOW_STATE, (key, shadow) -> shadow.clear());
        }
    }

    @Override
    public void processElement(RoutedReading routed, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        followLive(ctx.getBroadcastState(LiveRules.BROADCAST), watermark);
        if (routed.worldVersion() > worldVersionInUse()) {
            if (!awaitingWorld.get().iterator().hasNext()) {
                ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + WORLD_WAIT_MS);
            }
            awaitingWorld.add(routed);
            return;
        }
        decide(routed.reading(), watermark, ctx, out);
    }

    private int worldVersionInUse() {
        return follower.rules() == null ? 1 : follower.rules().worldVersion();
    }

    private void decide(SensorReading r, long watermark, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        if (decidable(r, watermark)) {
            // Held readings the watermark has caught up with go first, in time order: any still held
            // are newer than r, so each sensor's readings are decided in order, and one held reading
            // never holds every later one back.
            List<SensorReading> now = takeDecidable(watermark);
            now.add(r);
            now.sort(DECISION_ORDER);
            evaluate(now, ctx, out);
            return;
        }
        // A backlog reading is decided once every reading a look-up as of the bound before it could
        // read is in. One that came before any event time (after a start or a restore) is decided
        // as it would have been on arrival, at the first watermark that makes it decidable: its own
        // watermark (ts - bound - 1) is one, where ts - bound would wait for a later reading.
        long release = watermark == Long.MIN_VALUE ? r.tsMillis() - params.maxDecisionLead().toMillis()
                : Math.max(r.tsMillis() - params.outOfOrderness().toMillis(), watermark + 1);
        List<SensorReading> held = pending.get(release);
        if (held == null) {
            held = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(release);
        }
        held.add(r);
        pending.put(release, held);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            decideAwaiting(ctx, out);
            return;
        }
        try {
            followLive(ctx.getBroadcastState(LiveRules.BROADCAST), timestamp);
            evaluateHeld(timestamp, ctx, out);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.output(RuleFailures.DEAD_LETTERS, failures.timer(ctx.getCurrentKey(), timestamp, e));
        }
    }

    /** Decides the readings whose world has arrived, in arrival order; the others check again later. */
    private void decideAwaiting(OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        followLive(ctx.getBroadcastState(LiveRules.BROADCAST), watermark);
        List<RoutedReading> still = new ArrayList<>();
        List<RoutedReading> ready = new ArrayList<>();
        for (RoutedReading r : awaitingWorld.get()) {
            (r.worldVersion() > worldVersionInUse() ? still : ready).add(r);
        }
        awaitingWorld.update(still);
        if (!still.isEmpty()) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + WORLD_WAIT_MS);
        }
        for (RoutedReading r : ready) {
            decide(r.reading(), watermark, ctx, out);
        }
    }

    private boolean decidable(SensorReading r, long watermark) {
        return watermark != Long.MIN_VALUE && r.tsMillis() - watermark <= params.maxDecisionLead().toMillis();
    }

    /** Removes from {@link #PENDING} the held readings decidable at this watermark; their timers then find nothing. */
    private List<SensorReading> takeDecidable(long watermark) throws Exception {
        return takeDecidable(watermark, Long.MAX_VALUE);
    }

    /** As {@link #takeDecidable(long)}, only readings at or before {@code newest}. */
    private List<SensorReading> takeDecidable(long watermark, long newest) throws Exception {
        List<SensorReading> taken = new ArrayList<>();
        if (pending.isEmpty()) {
            return taken;
        }
        List<Long> emptied = new ArrayList<>();
        Map<Long, List<SensorReading>> kept = new HashMap<>();
        for (Map.Entry<Long, List<SensorReading>> e : pending.entries()) {
            List<SensorReading> still = new ArrayList<>();
            for (SensorReading h : e.getValue()) {
                (h.tsMillis() <= newest && decidable(h, watermark) ? taken : still).add(h);
            }
            if (still.isEmpty()) {
                emptied.add(e.getKey());
            } else if (still.size() < e.getValue().size()) {
                kept.put(e.getKey(), still);
            }
        }
        for (Long release : emptied) {
            pending.remove(release);
        }
        if (!kept.isEmpty()) {
            pending.putAll(kept);
        }
        return taken;
    }

    /**
     * The held readings this watermark releases, in event-time order (ties: sensor, then value),
     * with any other held reading no newer than them that is decidable now: readings held before
     * the first watermark are released earlier than a backlog's, and must not overtake an older
     * one (restored from a checkpoint) of the same sensor.
     */
    private void evaluateHeld(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<SensorReading> due = pending.get(timestamp);
        if (due == null) {
            return;
        }
        pending.remove(timestamp);
        List<SensorReading> sorted = new ArrayList<>(due);
        long newest = sorted.stream().mapToLong(SensorReading::tsMillis).max().orElse(Long.MIN_VALUE);
        sorted.addAll(takeDecidable(timestamp, newest));
        sorted.sort(DECISION_ORDER);
        evaluate(sorted, ctx, out);
    }

    private void evaluate(List<SensorReading> readings, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        evaluate(readings, state, rules, ctx, out);
        if (shadowRules != null) {
            evaluate(readings, shadowState, shadowRules, ctx, out);
        }
    }

    private void evaluate(List<SensorReading> readings, ValueState<ParkState> keyed, ParkRuleSet set,
                          ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        ParkState s = keyed.value();
        if (s == null) {
            s = new ParkState();
        }
        Object key = ctx.getCurrentKey();
        for (SensorReading r : readings) {
            String home = routes.ruleKey(r.sensorId());
            boolean decides = home == null || home.equals(key);
            if (!set.knows(r.sensorId())) {
                if (set == rules && decides) {
                    ctx.output(RuleFailures.DEAD_LETTERS, DeadLetter.of(sensorsTopic, r.partition(), r.offset(), null,
                            SensorRouter.UNKNOWN_SENSOR, "sensor " + r.sensorId() + " was taken out of the world (version "
                                    + worldVersionInUse() + ") before its reading of " + r.ts() + " (value " + r.value()
                                    + ") was decided"));
                }
                continue;
            }
            try {
                set.onReading(s, r, decides, out, order -> ctx.output(CLOSE_REQUESTS, order));
            } catch (RuntimeException | StackOverflowError e) {
                ctx.output(RuleFailures.DEAD_LETTERS, failures.record(sensorsTopic, r.partition(), r.offset(), r, e));
            }
        }
        keyed.update(s);
    }
}
