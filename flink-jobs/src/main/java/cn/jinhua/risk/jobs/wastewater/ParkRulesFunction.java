package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.SensorKind;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.LiveWorld;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Hosts the reading-driven wastewater rules for one pool network (the park) or one creek reach per
 * key: {@link PoolHighRule}, {@link PoolOverflowForecastRule}, {@link PoolNotReadyRule} on pool
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
 * reading decidable on arrival comes after the watermark has caught up with it. State: the key's {@link ParkState}, bounded by the
 * world's sensors, and {@link #PENDING}, the held readings (removed when decided).
 *
 * <p>Live changes ({@code docs/rules.md} "Changing rules live") arrive on the broadcast input as
 * the newest {@link LiveRules} snapshot, already validated, and are kept in broadcast state
 * ({@link LiveRules#BROADCAST}, checkpointed). The rules, their parameters, whether each is on and
 * the versions the alerts carry follow the snapshot from the next reading on; before the first
 * snapshot they are the catalogue's, with this operator's parameters. So does the world
 * ({@link LiveWorld}): pools, plants, pipes, teams and sensor limits changed live, each world change
 * counting until its expiry passes the operator's event time. Which key a sensor's readings go to
 * is fixed when the job starts: the validator refuses a world change that would move one.
 */
public class ParkRulesFunction extends KeyedBroadcastProcessFunction<String, SensorReading, String, Alert> {
    private static final long serialVersionUID = 1L;
    /** Event time, ties by sensor then value: the same readings decide the same way whatever their arrival order. */
    private static final Comparator<SensorReading> DECISION_ORDER = Comparator.comparingLong(SensorReading::tsMillis)
            .thenComparing(SensorReading::sensorId).thenComparingDouble(SensorReading::value);
    private static final Set<SensorKind> RULE_KINDS = EnumSet.of(SensorKind.TANK_LEVEL, SensorKind.GATE_WATER_DEPTH,
            SensorKind.CREEK_LEVEL, SensorKind.CR6, SensorKind.CU, SensorKind.NI, SensorKind.PH);

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

    /** The keyed state this operator keeps (every one must restore in the next build). */
    public static List<StateDescriptor<?, ?>> states() {
        return List.of(PENDING, STATE);
    }

    private final WorldSnapshot worldSnapshot;
    private final WastewaterParams params;
    private final String sensorsTopic;
    private transient RuleFailures failures;
    private transient World world;
    private transient WastewaterPresenter presenter;
    private transient LevelTrend trends;
    private transient PoolHighRule poolHigh;
    private transient PoolOverflowForecastRule overflowForecast;
    private transient PoolNotReadyRule notReady;
    private transient EnclosureWaterRule enclosure;
    private transient CreekContaminationRule contamination;
    private transient CreekSpaceFillingRule creekFilling;
    private transient ParkGeo geo;
    private transient String appliedLive;
    private transient LiveRules appliedRules;
    private transient WastewaterParams liveParams;
    private transient LiveWorld liveWorld;
    private transient Set<String> disabled;
    private transient Map<String, Plant> plantByGateSensor;
    private transient Map<String, CreekReservoir> reachByLevelSensor;
    private transient MapState<Long, List<SensorReading>> pending;
    private transient ValueState<ParkState> state;

    /** @param sensorsTopic the topic the readings come from (evidence, dead letters) */
    public ParkRulesFunction(WorldSnapshot world, WastewaterParams params, String sensorsTopic) {
        this.worldSnapshot = world;
        this.params = params;
        this.sensorsTopic = sensorsTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        liveWorld = new LiveWorld(worldSnapshot);
        failures = new RuleFailures("wastewater park rules", getRuntimeContext());
        appliedLive = null;
        appliedRules = null;
        liveParams = params;
        use(params, null);
        pending = getRuntimeContext().getMapState(PENDING);
        state = getRuntimeContext().getState(STATE);
    }

    /** The rules with these parameters; {@code live} (null before the first snapshot) says which are on and their versions. */
    private void use(WastewaterParams p, LiveRules live) {
        world = liveWorld.world();
        geo = new ParkGeo(world);
        plantByGateSensor = new HashMap<>();
        for (Plant plant : world.all(Plant.class)) {
            plantByGateSensor.put(plant.gateSensor(), plant);
        }
        reachByLevelSensor = new HashMap<>();
        for (CreekReservoir r : world.all(CreekReservoir.class)) {
            reachByLevelSensor.put(r.levelSensor(), r);
        }
        presenter = new WastewaterPresenter(geo, p, EtaModel.defaults(), Clock.systemUTC(), sensorsTopic);
        presenter.versions(live);
        trends = new LevelTrend(p.trend(), p.outOfOrderness());
        poolHigh = new PoolHighRule(p.poolHigh());
        overflowForecast = new PoolOverflowForecastRule(p.overflowForecast(), trends, world, p.outOfOrderness());
        notReady = new PoolNotReadyRule(p.notReady());
        enclosure = new EnclosureWaterRule(p.enclosure(), geo);
        contamination = new CreekContaminationRule(p.contamination(), geo, p.outOfOrderness());
        creekFilling = new CreekSpaceFillingRule(p.creekFilling(), trends);
        disabled = LiveRules.disabled(live);
    }

    /**
     * Follows the newest live snapshot, when it is not the one in use (the same string: one identity
     * check), and the world at this event time, when it passed a world change's expiry (one comparison).
     */
    private void followLive(ReadOnlyBroadcastState<String, String> broadcast, long eventTime) throws Exception {
        String json = LiveRules.newer(broadcast, appliedLive);
        if (json == null) {
            if (liveWorld.expiredAt(eventTime) && liveWorld.followAt(eventTime)) {
                use(liveParams, appliedRules);
            }
            return;
        }
        LiveRules live = LiveRules.fromJson(json, RuleCatalogue.packaged());
        WastewaterParams p = params;
        for (String id : PARK_RULES) {
            p = p.withRule(id, live.rule(id).parameters());
        }
        liveWorld.follow(live, eventTime);
        use(p, live);
        appliedLive = json;
        appliedRules = live;
        liveParams = p;
    }

    /** Keeps the newest live snapshot; the rules follow it from the next reading or timer. */
    @Override
    public void processBroadcastElement(String liveJson, Context ctx, Collector<Alert> out) throws Exception {
        BroadcastState<String, String> broadcast = ctx.getBroadcastState(LiveRules.BROADCAST);
        broadcast.put(LiveRules.KEY, liveJson);
    }

    @Override
    public void processElement(SensorReading r, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        followLive(ctx.getBroadcastState(LiveRules.BROADCAST), watermark);
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
        // Decided once every reading a look-up as of the bound before it could read is in.
        long release = Math.max(r.tsMillis() - params.outOfOrderness().toMillis(), watermark + 1);
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
        try {
            followLive(ctx.getBroadcastState(LiveRules.BROADCAST), timestamp);
            evaluateHeld(timestamp, ctx, out);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.output(RuleFailures.DEAD_LETTERS, failures.timer(ctx.getCurrentKey(), timestamp, e));
        }
    }

    private boolean decidable(SensorReading r, long watermark) {
        return watermark != Long.MIN_VALUE && r.tsMillis() - watermark <= params.maxDecisionLead().toMillis();
    }

    /** Removes from {@link #PENDING} the held readings decidable at this watermark; their timers then find nothing. */
    private List<SensorReading> takeDecidable(long watermark) throws Exception {
        List<SensorReading> taken = new ArrayList<>();
        if (pending.isEmpty()) {
            return taken;
        }
        List<Long> emptied = new ArrayList<>();
        Map<Long, List<SensorReading>> kept = new HashMap<>();
        for (Map.Entry<Long, List<SensorReading>> e : pending.entries()) {
            List<SensorReading> still = new ArrayList<>();
            for (SensorReading h : e.getValue()) {
                (decidable(h, watermark) ? taken : still).add(h);
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

    /** The held readings this watermark releases, in event-time order (ties: sensor, then value). */
    private void evaluateHeld(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<SensorReading> due = pending.get(timestamp);
        if (due == null) {
            return;
        }
        pending.remove(timestamp);
        List<SensorReading> sorted = new ArrayList<>(due);
        sorted.sort(DECISION_ORDER);
        evaluate(sorted, ctx, out);
    }

    private void evaluate(List<SensorReading> readings, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        ParkState s = state.value();
        if (s == null) {
            s = new ParkState();
        }
        for (SensorReading r : readings) {
            try {
                onReading(s, r, ctx, out);
            } catch (RuntimeException | StackOverflowError e) {
                ctx.output(RuleFailures.DEAD_LETTERS, failures.record(sensorsTopic, r.partition(), r.offset(), r, e));
            }
        }
        state.update(s);
    }

    /**
     * Routes one reading to the rules of its sensor's kind; alerts and sluice orders go out. A reading
     * older than its sensor's newest only joins the sensor's history.
     */
    private void onReading(ParkState s, SensorReading r, ReadOnlyContext ctx, Collector<Alert> out) {
        Optional<Sensor> sensor = world.sensor(r.sensorId());
        if (sensor.isEmpty() || !RULE_KINDS.contains(sensor.get().kind())) {
            return;
        }
        Sample sample = new Sample(r.tsMillis(), r.ts(), r.value());
        boolean keepsHistory = keepsHistory(sensor.get());
        Long last = s.lastTs.get(r.sensorId());
        if (last != null && r.tsMillis() <= last) {
            if (keepsHistory && r.tsMillis() < last) {
                trends.slide(s.window(r.sensorId()), sample);
            }
            return;
        }
        s.lastTs.put(r.sensorId(), r.tsMillis());
        s.latest.put(r.sensorId(), sample);
        if (keepsHistory) {
            trends.slide(s.window(r.sensorId()), sample);
        }
        switch (sensor.get().kind()) {
            case TANK_LEVEL -> world.pools().tankWithLevelSensor(r.sensorId()).ifPresent(t -> onTankLevel(s, t, sample, out));
            case GATE_WATER_DEPTH -> {
                Plant p = plantByGateSensor.get(r.sensorId());
                if (p != null && !disabled.contains(EnclosureWaterRule.RULE.id())) {
                    enclosure.onGateDepth(s, p, sensor.get(), sample).ifPresent(v ->
                            emit(presenter.enclosureWater(v), v.closeSluices(), v.sample(), ctx, out));
                }
            }
            case CREEK_LEVEL -> {
                CreekReservoir reach = reachByLevelSensor.get(r.sensorId());
                if (reach != null && !disabled.contains(CreekSpaceFillingRule.RULE.id())) {
                    creekFilling.onLevel(s, reach, sensor.get(), sample).ifPresent(v ->
                            out.collect(presenter.creekSpaceFilling(v)));
                }
            }
            // RULE_KINDS leaves only the water-quality kinds here.
            default -> {
                if (!disabled.contains(CreekContaminationRule.RULE.id())) {
                    contamination.onQuality(s, sensor.get(), sample).ifPresent(v ->
                            emit(presenter.creekContamination(v), v.closeSluices(), v.sample(), ctx, out));
                }
            }
        }
    }

    /** Levels feed trends and transfer plans, an upstream reference's quality the downstream verdicts. */
    private boolean keepsHistory(Sensor sensor) {
        return sensor.kind() == SensorKind.TANK_LEVEL || sensor.kind() == SensorKind.CREEK_LEVEL
                || contamination.isUpstreamReference(sensor.id());
    }

    private void onTankLevel(ParkState s, Tank tank, Sample sample, Collector<Alert> out) {
        double fill = tank.fillPct(sample.getValue());
        if (!disabled.contains(PoolHighRule.RULE.id())) {
            poolHigh.onLevel(s, tank, sample, fill).ifPresent(v -> out.collect(presenter.poolHigh(v, s)));
        }
        if (!disabled.contains(PoolOverflowForecastRule.RULE.id())) {
            overflowForecast.onLevel(s, tank, s.window(tank.levelSensor()), sample)
                    .ifPresent(v -> out.collect(presenter.overflowForecast(v)));
        }
        if (!disabled.contains(PoolNotReadyRule.RULE.id())) {
            notReady.onLevel(s, tank, sample, fill).ifPresent(v -> out.collect(presenter.poolNotReady(v)));
        }
    }

    /** The alert, then an order to close each sluice it names, for the sluice watch. */
    private static void emit(Alert alert, List<Sluice> closeSluices, Sample sample, ReadOnlyContext ctx, Collector<Alert> out) {
        out.collect(alert);
        for (Sluice sl : closeSluices) {
            ctx.output(CLOSE_REQUESTS, new SluiceCloseRequest(sl.id(), sample.getTsMillis(), alert.eventTime(), alert.id(),
                    alert.ruleId()));
        }
    }
}
