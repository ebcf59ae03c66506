package cn.jinhua.risk.jobs.rules.plating;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.SensorKind;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.model.SluiceRole;
import cn.jinhua.risk.geo.model.StationPosition;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.WaterQualityStation;
import cn.jinhua.risk.geo.pool.InterconnectTransferPlanner;
import cn.jinhua.risk.geo.pool.TransferPlan;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.AlertTimes;
import cn.jinhua.risk.jobs.alert.Severity;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.wastewater.WastewaterParams;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.Point;

/**
 * The plating-park rules of SPEC §4 except the sluice watch: pool-high, pool-overflow-forecast
 * (with the transfer plan), pool-not-ready, enclosure-water, creek-contamination and
 * creek-space-filling, evaluated reading by reading over a {@link ParkState}.
 *
 * <p>Input assumptions: readings are validated (the sensor exists, the value is finite) and arrive
 * in event-time order per state (the Flink operator sorts them). A reading at or before the last
 * one processed for its sensor is a duplicate and ignored, so duplicated records never give
 * duplicate alerts. Levels are metres, gate depths centimetres, quality in the sensor's unit.
 *
 * <p>Not thread-safe: one instance per operator subtask (it only reads the world).
 */
public final class PlatingRules {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final Set<SensorKind> RULE_KINDS = EnumSet.of(SensorKind.TANK_LEVEL, SensorKind.GATE_WATER_DEPTH,
            SensorKind.CREEK_LEVEL, SensorKind.CR6, SensorKind.CU, SensorKind.NI, SensorKind.PH);

    private final World world;
    private final WastewaterParams params;
    private final PlatingAlerts alerts;
    private final InterconnectTransferPlanner planner;
    private final Map<String, Plant> plantByGateSensor = new HashMap<>();
    private final Map<String, CreekReservoir> reachByLevelSensor = new HashMap<>();
    private final Map<String, String> upstreamTwin = new HashMap<>();

    public PlatingRules(World world, WastewaterParams params, PlatingAlerts alerts) {
        this.world = world;
        this.params = params;
        this.alerts = alerts;
        this.planner = new InterconnectTransferPlanner(world.pools(), params.transferCeilingOffsetPct());
        for (Plant p : world.all(Plant.class)) {
            plantByGateSensor.put(p.gateSensor(), p);
        }
        for (CreekReservoir r : world.all(CreekReservoir.class)) {
            reachByLevelSensor.put(r.levelSensor(), r);
        }
        for (WaterQualityStation down : world.all(WaterQualityStation.class)) {
            if (down.position() != StationPosition.DOWNSTREAM || !alerts.hasReaches()) {
                continue;
            }
            CreekReservoir reach = alerts.reachNear(down.geometry().getX(), down.geometry().getY());
            for (WaterQualityStation up : world.all(WaterQualityStation.class)) {
                if (up.position() != StationPosition.UPSTREAM
                        || !alerts.reachNear(up.geometry().getX(), up.geometry().getY()).id().equals(reach.id())) {
                    continue;
                }
                for (String ds : down.sensors()) {
                    Sensor d = world.require(ds, Sensor.class);
                    for (String us : up.sensors()) {
                        if (world.require(us, Sensor.class).kind() == d.kind()) {
                            upstreamTwin.putIfAbsent(ds, us);
                        }
                    }
                }
            }
        }
    }

    /**
     * Order among readings of the same event time: upstream quality first, so that a downstream
     * reading is judged against the upstream reading of its own time.
     */
    public int orderAtSameTime(String sensorId) {
        return upstreamTwin.containsValue(sensorId) ? 0 : 1;
    }

    /** Evaluates one reading; alerts and sluice orders go to {@code out}. */
    public void onReading(ParkState s, SensorReading r, PlatingOutput out) {
        Long last = s.lastTs.get(r.sensorId());
        if (last != null && r.tsMillis() <= last) {
            return;
        }
        Optional<Sensor> sensor = world.sensor(r.sensorId());
        if (sensor.isEmpty() || !RULE_KINDS.contains(sensor.get().kind())) {
            return;
        }
        s.lastTs.put(r.sensorId(), r.tsMillis());
        Sample sample = new Sample(r.tsMillis(), r.ts(), r.value());
        switch (sensor.get().kind()) {
            case TANK_LEVEL -> world.pools().tankWithLevelSensor(r.sensorId())
                    .ifPresent(t -> onTankLevel(s, t, sample, out));
            case GATE_WATER_DEPTH -> {
                Plant p = plantByGateSensor.get(r.sensorId());
                if (p != null) {
                    onGateDepth(s, p, sensor.get(), sample, out);
                }
            }
            case CREEK_LEVEL -> {
                CreekReservoir reach = reachByLevelSensor.get(r.sensorId());
                if (reach != null) {
                    onCreekLevel(s, reach, sensor.get(), sample, out);
                }
            }
            // RULE_KINDS leaves only the water-quality kinds here.
            default -> onQuality(s, sensor.get(), sample, out);
        }
    }

    // ---- tier 1: pools --------------------------------------------------------------------

    private void onTankLevel(ParkState s, Tank tank, Sample sample, PlatingOutput out) {
        s.latest.put(tank.levelSensor(), sample);
        List<Sample> window = slide(s.window(tank.levelSensor()), sample);
        double fill = tank.fillPct(sample.getValue());
        poolHigh(s, tank, sample, fill, out);
        overflowForecast(s, tank, window, sample, out);
        notReady(s, tank, sample, fill, out);
    }

    private void poolHigh(ParkState s, Tank tank, Sample sample, double fill, PlatingOutput out) {
        String key = PlatingRuleIds.POOL_HIGH + "|" + tank.id();
        Severity open = s.open.containsKey(key) ? Severity.valueOf(s.open.get(key)) : null;
        if (open != null && fill < tank.highPct() - params.poolHighClearMarginPct()) {
            s.open.remove(key);
            open = null;
        }
        Severity target = fill >= tank.highHighPct() ? Severity.HIGH : fill >= tank.highPct() ? Severity.MEDIUM : null;
        if (target == null || (open != null && target.compareTo(open) <= 0)) {
            return;
        }
        s.open.put(key, target.name());
        boolean highHigh = target == Severity.HIGH;
        ResponseLevel level = highHigh ? ResponseLevel.PARK : ResponseLevel.ENTERPRISE;
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", highHigh
                ? "Stop feeding " + tank.name() + " and start transferring to the connected pools now"
                : "Prepare to transfer from " + tank.name() + " to the connected pools; check the plant's inflow");
        rec.put("actionZh", highHigh ? "立即停止向" + tank.nameZh() + "进水，并启动互连管向相邻应急池转输"
                : "做好" + tank.nameZh() + "向相邻应急池转输准备，排查进水来源");
        rec.put("pool", poolRef(tank, sample.getValue()));
        rec.put("connections", connections(s, tank));
        rec.put("teams", alerts.teams(tank.plantId(), level, false, tank.geometry()));
        String pct = String.valueOf(Math.round(fill));
        out.alert(alerts.build(new PlatingAlerts.Spec(PlatingRuleIds.POOL_HIGH, target, target.name(),
                PlatingRuleIds.plantIncident(tank.plantId()), tank, tank.geometry(), sample.getTsMillis(), 1, level,
                tank.name() + " at " + pct + " % (" + (highHigh ? "high-high" : "high") + ")",
                tank.nameZh() + "液位" + pct + "%（" + (highHigh ? "高高报警" : "高报警") + "）",
                List.of(PlatingAlerts.evidence(tank.levelSensor(), sample)), rec, null)));
    }

    private void overflowForecast(ParkState s, Tank tank, List<Sample> window, Sample sample, PlatingOutput out) {
        String key = PlatingRuleIds.POOL_OVERFLOW_FORECAST + "|" + tank.id();
        String open = s.open.get(key);
        Trend trend = trend(window, tank.depthM(), sample.getTsMillis(), params.overflowHorizon().toMillis());
        if (!trend.predicted()) {
            if (open != null && trend.cleared(params.overflowHorizon().toMillis(), params.forecastClearFactor())) {
                s.open.remove(key);
            }
            return;
        }
        double slopeMh = trend.line().slopePerMinute() * 60.0;
        double inflowM3h = Math.max(0.0, slopeMh * tank.areaM2());
        Map<String, Double> levels = new LinkedHashMap<>();
        for (Tank other : world.pools().tanks()) {
            Sample l = s.latest.get(other.levelSensor());
            if (!other.id().equals(tank.id()) && l != null) {
                levels.put(other.id(), l.getValue());
            }
        }
        TransferPlan plan = planner.plan(tank.id(), inflowM3h, levels, params.transferHorizon());
        ResponseLevel level = plan.sufficient() ? ResponseLevel.ENTERPRISE : ResponseLevel.PARK;
        if (open != null && level.compareTo(ResponseLevel.valueOf(open)) <= 0) {
            return;
        }
        s.open.put(key, level.name());
        long at = toMinute(trend.reachesAt());
        String hhmm = HH_MM.format(Instant.ofEpochMilli(at).atZone(AlertTimes.ZONE));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", plan.sufficient()
                ? "Open the interconnection pipes of the transfer plan and pump " + Math.round(inflowM3h)
                        + " m³/h to the listed pools"
                : "Transfer what the network takes and raise the response to the park: the connected pools cannot take "
                        + Math.round(plan.shortfallM3h()) + " m³/h for " + params.transferHorizon().toHours() + " h");
        rec.put("actionZh", plan.sufficient()
                ? "按转输方案开启互连管，向所列应急池转输约" + Math.round(inflowM3h) + "立方米/小时"
                : "按方案转输并提升至园区级响应：相邻应急池" + params.transferHorizon().toHours() + "小时内无法容纳"
                        + Math.round(plan.shortfallM3h()) + "立方米/小时");
        rec.put("pool", poolRef(tank, sample.getValue()));
        rec.put("trendCmPerMin", PlatingAlerts.round(trend.line().slopePerMinute() * 100.0, 2));
        rec.put("minutesToOverflow", Math.max(0, Math.round((at - sample.getTsMillis()) / 60_000.0)));
        rec.put("transferPlan", planRef(plan));
        rec.put("teams", alerts.teams(tank.plantId(), level, false, tank.geometry()));
        List<Alert.Evidence> ev = new ArrayList<>();
        for (Sample w : thinned(window)) {
            ev.add(PlatingAlerts.evidence(tank.levelSensor(), w));
        }
        out.alert(alerts.build(new PlatingAlerts.Spec(PlatingRuleIds.POOL_OVERFLOW_FORECAST, Severity.HIGH,
                level.name(), PlatingRuleIds.plantIncident(tank.plantId()), tank, tank.geometry(),
                sample.getTsMillis(), 1, level,
                tank.name() + " forecast to overflow at " + hhmm
                        + (plan.sufficient() ? "" : "; connected pools cannot absorb the inflow"),
                tank.nameZh() + "预计" + hhmm + "溢流" + (plan.sufficient() ? "" : "，相邻应急池容量不足"),
                ev, rec, at)));
    }

    private void notReady(ParkState s, Tank tank, Sample sample, double fill, PlatingOutput out) {
        String key = PlatingRuleIds.POOL_NOT_READY + "|" + tank.id();
        boolean inIncident = s.open.containsKey(PlatingRuleIds.POOL_HIGH + "|" + tank.id())
                || s.open.containsKey(PlatingRuleIds.POOL_OVERFLOW_FORECAST + "|" + tank.id());
        if (fill <= tank.readinessMaxPct()) {
            s.aboveReadinessSince.remove(tank.id());
            s.open.remove(key);
            return;
        }
        if (inIncident) {
            // The 6 h clock starts again when the incident is over: a pool full of fire water is
            // expected during the incident and must be emptied after it.
            s.aboveReadinessSince.remove(tank.id());
            return;
        }
        Sample since = s.aboveReadinessSince.computeIfAbsent(tank.id(), k -> sample);
        if (s.open.containsKey(key) || sample.getTsMillis() - since.getTsMillis() < params.notReadyAfter().toMillis()) {
            return;
        }
        s.open.put(key, Severity.LOW.name());
        long hours = Math.round((sample.getTsMillis() - since.getTsMillis()) / 3_600_000.0);
        String pct = String.valueOf(Math.round(fill));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", "Empty " + tank.name() + " below " + Math.round(tank.readinessMaxPct())
                + " % so that it can take an incident's water");
        rec.put("actionZh", "将" + tank.nameZh() + "液位降至" + Math.round(tank.readinessMaxPct()) + "%以下，保持应急容量");
        rec.put("pool", poolRef(tank, sample.getValue()));
        rec.put("aboveSince", since.getTs());
        rec.put("teams", alerts.teams(tank.plantId(), ResponseLevel.ENTERPRISE, false, tank.geometry()));
        out.alert(alerts.build(new PlatingAlerts.Spec(PlatingRuleIds.POOL_NOT_READY, Severity.LOW, Severity.LOW.name(),
                PlatingRuleIds.plantIncident(tank.plantId()), tank, tank.geometry(), sample.getTsMillis(), 1,
                ResponseLevel.ENTERPRISE,
                tank.name() + " not ready: " + pct + " % full for " + hours + " h",
                tank.nameZh() + "未腾空：液位" + pct + "%已持续" + hours + "小时",
                List.of(PlatingAlerts.evidence(tank.levelSensor(), since), PlatingAlerts.evidence(tank.levelSensor(), sample)),
                rec, null)));
    }

    // ---- tier 2: enclosures ---------------------------------------------------------------

    private void onGateDepth(ParkState s, Plant plant, Sensor gate, Sample sample, PlatingOutput out) {
        String key = PlatingRuleIds.ENCLOSURE_WATER + "|" + plant.id();
        double depth = sample.getValue();
        double ramp = plant.gateRampCm();
        Severity open = s.open.containsKey(key) ? Severity.valueOf(s.open.get(key)) : null;
        if (open != null && depth < params.enclosureClearFraction() * ramp) {
            s.open.remove(key);
            open = null;
        }
        Severity target = depth >= ramp ? Severity.CRITICAL
                : depth >= params.enclosureHighFraction() * ramp ? Severity.HIGH : null;
        if (target == null || (open != null && target.compareTo(open) <= 0)) {
            return;
        }
        s.open.put(key, target.name());
        boolean leaving = target == Severity.CRITICAL;
        ResponseLevel level = leaving ? ResponseLevel.TOWNSHIP : ResponseLevel.PARK;
        String cm = fmt(depth, 1);
        String rampCm = fmt(ramp, 0);
        Map<String, Object> rec = new LinkedHashMap<>();
        List<Sluice> sluices = List.of();
        if (leaving) {
            rec.put("action", "Wastewater is leaving " + plant.name() + ": close both creek sluices now and block the gate");
            rec.put("actionZh", plant.nameZh() + "废水已漫过挡水坎外溢：立即关闭清水拦截闸和污水拦截闸，封堵厂门");
            if (alerts.hasReaches()) {
                CreekReservoir reach = alerts.reachNear(gate.geometry().getX(), gate.geometry().getY());
                sluices = alerts.sluicesOf(reach);
                rec.put("creekReach", reach.id());
            }
            rec.put("closeSluices", sluices.stream().map(PlatingAlerts::sluiceRef).toList());
        } else {
            rec.put("action", "Water is rising at the gate of " + plant.name()
                    + ": reinforce the gate ramp with sandbags and pump the enclosure to the emergency pool");
            rec.put("actionZh", plant.nameZh() + "厂门积水上涨：用沙袋加高挡水坎，将厂区积水泵入事故应急池");
        }
        rec.put("gateDepthCm", PlatingAlerts.round(depth, 1));
        rec.put("gateRampCm", ramp);
        rec.put("pool", plant.poolId());
        rec.put("teams", alerts.teams(plant.id(), level, leaving, gate.geometry()));
        Alert alert = alerts.build(new PlatingAlerts.Spec(PlatingRuleIds.ENCLOSURE_WATER, target, target.name(),
                PlatingRuleIds.plantIncident(plant.id()), plant, gate.geometry(), sample.getTsMillis(), leaving ? 3 : 2,
                level,
                leaving ? "Wastewater leaving " + plant.name() + " over its " + rampCm + " cm gate ramp (" + cm + " cm)"
                        : "Water at the gate of " + plant.name() + ": " + cm + " cm of a " + rampCm + " cm ramp",
                leaving ? plant.nameZh() + "废水漫过" + rampCm + "厘米挡水坎外溢（积水" + cm + "厘米）"
                        : plant.nameZh() + "厂门积水" + cm + "厘米（挡水坎" + rampCm + "厘米）",
                List.of(PlatingAlerts.evidence(gate.id(), sample)), rec, null));
        out.alert(alert);
        for (Sluice sl : sluices) {
            out.closeSluice(new SluiceCloseRequest(sl.id(), sample.getTsMillis(), alert.eventTime(), alert.id(),
                    alert.ruleId()));
        }
    }

    // ---- tier 3: creek --------------------------------------------------------------------

    private void onQuality(ParkState s, Sensor sensor, Sample sample, PlatingOutput out) {
        s.latest.put(sensor.id(), sample);
        String upId = upstreamTwin.get(sensor.id());
        if (upId == null) {
            return;
        }
        String key = PlatingRuleIds.CREEK_CONTAMINATION + "|" + sensor.id();
        if (sensor.withinLimits(sample.getValue())) {
            s.exceedances.remove(sensor.id());
            s.open.remove(key);
            return;
        }
        List<Sample> run = s.exceedances.computeIfAbsent(sensor.id(), k -> new ArrayList<>());
        run.add(sample);
        while (run.size() > params.contaminationConsecutive()) {
            run.remove(0);
        }
        Sample up = s.latest.get(upId);
        Sensor upSensor = world.require(upId, Sensor.class);
        if (s.open.containsKey(key) || run.size() < params.contaminationConsecutive()
                || up == null || !upSensor.withinLimits(up.getValue())) {
            return;
        }
        s.open.put(key, Severity.CRITICAL.name());
        WaterQualityStation station = world.require(sensor.siteId(), WaterQualityStation.class);
        CreekReservoir reach = alerts.reachNear(station.geometry().getX(), station.geometry().getY());
        List<Sluice> sluices = alerts.sluicesOf(reach).stream()
                .filter(sl -> sl.role() == SluiceRole.SEWAGE_INTERCEPT || sl.role() == SluiceRole.CLEAN_WATER_INTERCEPT)
                .toList();
        String param = parameterName(sensor);
        String limit = limitText(sensor);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", "Close the downstream sewage interception sluice and the upstream clean-water interception"
                + " sluice; hold the polluted water in the creek reach and sample it");
        rec.put("actionZh", "关闭下游污水拦截闸和上游清水拦截闸，将污水截留在闸坝间河段并采样监测");
        rec.put("parameter", sensor.kind().name());
        rec.put("value", sample.getValue());
        rec.put("unit", sensor.unit());
        rec.put("limitMin", sensor.min());
        rec.put("limitMax", sensor.max());
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("sensorId", upId);
        upstream.put("ts", up.getTs());
        upstream.put("value", up.getValue());
        rec.put("upstream", upstream);
        rec.put("closeSluices", sluices.stream().map(PlatingAlerts::sluiceRef).toList());
        rec.put("creekReach", reach.id());
        rec.put("teams", alerts.teams(null, ResponseLevel.COUNTY, true, station.geometry()));
        List<Alert.Evidence> ev = new ArrayList<>();
        for (Sample x : run) {
            ev.add(PlatingAlerts.evidence(sensor.id(), x));
        }
        ev.add(PlatingAlerts.evidence(upId, up));
        Alert alert = alerts.build(new PlatingAlerts.Spec(PlatingRuleIds.CREEK_CONTAMINATION, Severity.CRITICAL,
                sensor.kind().name(), PlatingRuleIds.creekIncident(reach.id()), station, station.geometry(),
                sample.getTsMillis(), 3, ResponseLevel.COUNTY,
                "Creek contaminated below the park: " + param + " " + fmt(sample.getValue(), 3) + " " + unitText(sensor)
                        + " at " + station.name() + " (limit " + limit + "), upstream within it",
                station.nameZh() + parameterNameZh(sensor) + "超标：" + fmt(sample.getValue(), 3) + " " + unitText(sensor)
                        + "（限值" + limit + "），上游未超标",
                ev, rec, null));
        out.alert(alert);
        for (Sluice sl : sluices) {
            out.closeSluice(new SluiceCloseRequest(sl.id(), sample.getTsMillis(), alert.eventTime(), alert.id(),
                    alert.ruleId()));
        }
    }

    private void onCreekLevel(ParkState s, CreekReservoir reach, Sensor sensor, Sample sample, PlatingOutput out) {
        List<Sample> window = slide(s.window(sensor.id()), sample);
        String key = PlatingRuleIds.CREEK_SPACE_FILLING + "|" + reach.id();
        Trend trend = trend(window, reach.depthM(), sample.getTsMillis(), params.creekFillHorizon().toMillis());
        if (!trend.predicted()) {
            if (s.open.containsKey(key) && trend.cleared(params.creekFillHorizon().toMillis(), params.forecastClearFactor())) {
                s.open.remove(key);
            }
            return;
        }
        if (s.open.containsKey(key)) {
            return;
        }
        s.open.put(key, Severity.CRITICAL.name());
        long at = toMinute(trend.reachesAt());
        String hhmm = HH_MM.format(Instant.ofEpochMilli(at).atZone(AlertTimes.ZONE));
        double fillPct = sample.getValue() / reach.depthM() * 100.0;
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", "The creek reach between the sluices is filling: stop every discharge into it, pump it to"
                + " the park's treatment and tankers, and prepare county resources");
        rec.put("actionZh", "闸坝间应急河段即将蓄满：停止一切排入，组织泵车、槽车转运至污水处理设施，县级力量做好准备");
        Map<String, Object> reachRef = new LinkedHashMap<>();
        reachRef.put("id", reach.id());
        reachRef.put("name", reach.name());
        reachRef.put("nameZh", reach.nameZh());
        reachRef.put("levelM", PlatingAlerts.round(sample.getValue(), 3));
        reachRef.put("depthM", reach.depthM());
        reachRef.put("fillPct", PlatingAlerts.round(fillPct, 1));
        reachRef.put("capacityM3", reach.capacityM3());
        rec.put("creekReach", reachRef);
        rec.put("trendCmPerMin", PlatingAlerts.round(trend.line().slopePerMinute() * 100.0, 2));
        rec.put("minutesToFull", Math.max(0, Math.round((at - sample.getTsMillis()) / 60_000.0)));
        rec.put("sluices", alerts.sluicesOf(reach).stream().map(PlatingAlerts::sluiceRef).toList());
        Point at0 = reach.geometry().getInteriorPoint();
        rec.put("teams", alerts.teams(null, ResponseLevel.COUNTY, false, at0));
        List<Alert.Evidence> ev = new ArrayList<>();
        for (Sample w : thinned(window)) {
            ev.add(PlatingAlerts.evidence(sensor.id(), w));
        }
        out.alert(alerts.build(new PlatingAlerts.Spec(PlatingRuleIds.CREEK_SPACE_FILLING, Severity.CRITICAL,
                Severity.CRITICAL.name(), PlatingRuleIds.creekIncident(reach.id()), reach, at0, sample.getTsMillis(), 3,
                ResponseLevel.COUNTY,
                reach.name() + " forecast full at " + hhmm,
                reach.nameZh() + "预计" + hhmm + "蓄满", ev, rec, at)));
    }

    // ---- helpers --------------------------------------------------------------------------

    /** Most readings a trend is fitted over: Theil–Sen is O(n²), and a fast sensor adds no insight. */
    static final int MAX_TREND_SAMPLES = 60;

    /** The window, evenly thinned to at most {@link #MAX_TREND_SAMPLES} readings, always keeping the newest. */
    static List<Sample> thinned(List<Sample> window) {
        int n = window.size();
        if (n <= MAX_TREND_SAMPLES) {
            return window;
        }
        List<Sample> out = new ArrayList<>(MAX_TREND_SAMPLES);
        for (int i = 0; i < MAX_TREND_SAMPLES; i++) {
            out.add(window.get(n - 1 - (int) ((long) i * (n - 1) / (MAX_TREND_SAMPLES - 1))));
        }
        Collections.reverse(out);
        return out;
    }

    /** A forecast time to the nearest minute: finer would be false precision. */
    private static long toMinute(long millis) {
        return Math.round(millis / 60_000.0) * 60_000L;
    }

    /** Appends the sample and drops readings older than the trend window. */
    private List<Sample> slide(List<Sample> window, Sample sample) {
        window.add(sample);
        long from = sample.getTsMillis() - params.trendWindow().toMillis();
        window.removeIf(w -> w.getTsMillis() < from);
        return window;
    }

    private Trend trend(List<Sample> window, double targetLevel, long now, long horizonMillis) {
        if (window.size() < params.minTrendReadings()) {
            return Trend.NONE;
        }
        Optional<TheilSenTrend.Line> line = TheilSenTrend.fit(thinned(window));
        if (line.isEmpty()) {
            return Trend.NONE;
        }
        double windowMinutes = params.trendWindow().toMillis() / 60_000.0;
        boolean rising = line.get().slopePerMinute() * windowMinutes >= params.minTrendRiseM();
        Optional<Long> reaches = rising ? line.get().reaches(targetLevel, now) : Optional.empty();
        long at = reaches.orElse(Long.MAX_VALUE);
        return new Trend(line.get(), rising, at, rising && reaches.isPresent() && at - now <= horizonMillis, now);
    }

    /** A fitted trend and what it predicts about reaching a level. */
    private record Trend(TheilSenTrend.Line line, boolean rising, long reachesAt, boolean predicted, long now) {
        static final Trend NONE = new Trend(null, false, Long.MAX_VALUE, false, 0);

        /** Whether an open forecast is over: no longer rising, or predicted well beyond the horizon. */
        boolean cleared(long horizonMillis, double clearFactor) {
            return !rising || reachesAt == Long.MAX_VALUE || reachesAt - now > horizonMillis * clearFactor;
        }
    }

    private Map<String, Object> poolRef(Tank t, double levelM) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("nameZh", t.nameZh());
        m.put("levelM", PlatingAlerts.round(levelM, 3));
        m.put("fillPct", PlatingAlerts.round(t.fillPct(levelM), 1));
        m.put("capacityM3", t.capacityM3());
        m.put("depthM", t.depthM());
        return m;
    }

    /** The pipes at a pool with the latest spare volume of the pool at their other end. */
    private List<Map<String, Object>> connections(ParkState s, Tank tank) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pipe p : world.pools().pipesAt(tank.id())) {
            String other = p.otherEnd(tank.id());
            if (!p.carries(tank.id(), other)) {
                continue;
            }
            Tank o = world.pools().tank(other).orElseThrow();
            Sample l = s.latest.get(o.levelSensor());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pipeId", p.id());
            m.put("maxFlowM3h", p.maxFlowM3h());
            m.put("tankId", o.id());
            m.put("tankName", o.name());
            m.put("tankNameZh", o.nameZh());
            m.put("spareM3", l == null ? null
                    : (Object) PlatingAlerts.round(o.spareM3(l.getValue(), o.highHighPct() - params.transferCeilingOffsetPct()), 1));
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> planRef(TransferPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sourceTankId", plan.sourceTankId());
        m.put("inflowM3h", PlatingAlerts.round(plan.inflowM3h(), 1));
        m.put("horizonHours", plan.horizon().toMinutes() / 60.0);
        m.put("absorbedM3h", PlatingAlerts.round(plan.absorbedM3h(), 1));
        m.put("shortfallM3h", PlatingAlerts.round(plan.shortfallM3h(), 1));
        m.put("shortfallM3", PlatingAlerts.round(plan.shortfallM3(), 1));
        m.put("sufficient", plan.sufficient());
        List<Map<String, Object>> intakes = new ArrayList<>();
        for (TransferPlan.TankIntake i : plan.intakes()) {
            Tank t = world.pools().tank(i.tankId()).orElseThrow();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("tankId", i.tankId());
            x.put("name", t.name());
            x.put("nameZh", t.nameZh());
            x.put("hops", i.hops());
            x.put("rateM3h", PlatingAlerts.round(i.rateM3h(), 1));
            x.put("spareM3", PlatingAlerts.round(i.spareM3(), 1));
            intakes.add(x);
        }
        m.put("intakes", intakes);
        List<Map<String, Object>> pipes = new ArrayList<>();
        for (TransferPlan.PipeFlow f : plan.pipeFlows()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("pipeId", f.pipeId());
            x.put("fromTankId", f.fromTankId());
            x.put("toTankId", f.toTankId());
            x.put("rateM3h", PlatingAlerts.round(f.rateM3h(), 1));
            pipes.add(x);
        }
        m.put("pipeFlows", pipes);
        return m;
    }

    private static String parameterName(Sensor s) {
        return switch (s.kind()) {
            case CR6 -> "Cr6+";
            case CU -> "Cu";
            case NI -> "Ni";
            case PH -> "pH";
            default -> s.kind().name();
        };
    }

    private static String parameterNameZh(Sensor s) {
        return switch (s.kind()) {
            case CR6 -> "六价铬";
            case CU -> "铜";
            case NI -> "镍";
            case PH -> "pH";
            default -> s.kind().name();
        };
    }

    private static String unitText(Sensor s) {
        return "MG_PER_L".equals(s.unit()) ? "mg/L" : "PH".equals(s.unit()) ? "" : s.unit();
    }

    private static String limitText(Sensor s) {
        if (s.min() != null && s.max() != null) {
            return fmt(s.min(), 2) + "–" + fmt(s.max(), 2);
        }
        return s.max() != null ? "≤ " + fmt(s.max(), 3) : "≥ " + fmt(s.min(), 3);
    }

    private static String fmt(double v, int maxDecimals) {
        return BigDecimal.valueOf(PlatingAlerts.round(v, maxDecimals)).stripTrailingZeros().toPlainString();
    }
}
