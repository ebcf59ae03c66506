package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.SensorKind;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.LiveRules;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.util.Collector;

/**
 * The park rules of one version, over one world: the live version, or the shadow versions beside
 * it ({@code docs/rules.md} "Shadow versions"). Routes a reading to the rules of its sensor's kind
 * and writes their alerts; the state is the caller's ({@link ParkState}), one per set, so a shadow
 * keeps its own open conditions and trends. A shadow's alerts are marked {@code shadow} and order no
 * sluice closed. Not thread-safe: owned by one subtask of {@link ParkRulesFunction}.
 */
final class ParkRuleSet {
    private static final Set<SensorKind> RULE_KINDS = EnumSet.of(SensorKind.TANK_LEVEL, SensorKind.GATE_WATER_DEPTH,
            SensorKind.CREEK_LEVEL, SensorKind.CR6, SensorKind.CU, SensorKind.NI, SensorKind.PH);

    private final World world;
    private final boolean shadow;
    private final Set<String> disabled;
    private final Map<String, Plant> plantByGateSensor = new HashMap<>();
    private final Map<String, CreekReservoir> reachByLevelSensor = new HashMap<>();
    private final WastewaterPresenter presenter;
    private final LevelTrend trends;
    private final PoolHighRule poolHigh;
    private final PoolOverflowForecastRule overflowForecast;
    private final PoolNotReadyRule notReady;
    private final EnclosureWaterRule enclosure;
    private final CreekContaminationRule contamination;
    private final CreekSpaceFillingRule creekFilling;

    /**
     * @param live the rules whose versions the alerts carry (for a shadow, {@link LiveRules#asShadow}),
     *     null before the first snapshot
     * @param disabled the rules that raise nothing in this set
     * @param shadow whether this is the shadow set
     */
    ParkRuleSet(World world, WastewaterParams p, LiveRules live, Set<String> disabled, boolean shadow,
                String sensorsTopic) {
        this.world = world;
        this.shadow = shadow;
        this.disabled = disabled;
        ParkGeo geo = new ParkGeo(world);
        for (Plant plant : world.all(Plant.class)) {
            plantByGateSensor.put(plant.gateSensor(), plant);
        }
        for (CreekReservoir r : world.all(CreekReservoir.class)) {
            reachByLevelSensor.put(r.levelSensor(), r);
        }
        presenter = new WastewaterPresenter(geo, p, EtaModel.defaults(), Clock.systemUTC(), sensorsTopic);
        presenter.versions(live, shadow);
        trends = new LevelTrend(p.trend(), p.outOfOrderness());
        poolHigh = new PoolHighRule(p.poolHigh());
        overflowForecast = new PoolOverflowForecastRule(p.overflowForecast(), trends, world, p.outOfOrderness());
        notReady = new PoolNotReadyRule(p.notReady());
        enclosure = new EnclosureWaterRule(p.enclosure(), geo);
        contamination = new CreekContaminationRule(p.contamination(), geo, p.outOfOrderness());
        creekFilling = new CreekSpaceFillingRule(p.creekFilling(), trends);
    }

    /** Whether the sensor is in the world these rules decide with. */
    boolean knows(String sensorId) {
        return world.sensor(sensorId).isPresent();
    }

    /**
     * Routes one reading to the rules of its sensor's kind; alerts and sluice orders go out. A reading
     * older than its sensor's newest only joins the sensor's history, as does every reading of a key
     * that does not decide it (another pool's level, kept for the transfer plans).
     *
     * @param decides whether this key is the sensor's home, which decides its readings
     */
    void onReading(ParkState s, SensorReading r, boolean decides, Collector<Alert> out,
                   Consumer<SluiceCloseRequest> orders) {
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
        if (!decides) {
            return;
        }
        switch (sensor.get().kind()) {
            case TANK_LEVEL -> world.pools().tankWithLevelSensor(r.sensorId()).ifPresent(t -> onTankLevel(s, t, sample, out));
            case GATE_WATER_DEPTH -> {
                Plant p = plantByGateSensor.get(r.sensorId());
                if (p != null && !disabled.contains(EnclosureWaterRule.RULE.id())) {
                    enclosure.onGateDepth(s, p, sensor.get(), sample).ifPresent(v ->
                            emit(presenter.enclosureWater(v), v.closeSluices(), v.sample(), out, orders));
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
                            emit(presenter.creekContamination(v), v.closeSluices(), v.sample(), out, orders));
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

    /** The alert, then an order to close each sluice it names, for the sluice watch; a shadow orders nothing. */
    private void emit(Alert alert, List<Sluice> closeSluices, Sample sample, Collector<Alert> out,
                      Consumer<SluiceCloseRequest> orders) {
        out.collect(alert);
        if (shadow) {
            return;
        }
        for (Sluice sl : closeSluices) {
            orders.accept(new SluiceCloseRequest(sl.id(), sample.getTsMillis(), alert.eventTime(), alert.id(),
                    alert.ruleId()));
        }
    }
}
