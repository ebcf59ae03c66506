package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.model.Team;
import cn.jinhua.risk.geo.model.WaterQualityStation;
import cn.jinhua.risk.geo.model.WorldFeature;
import cn.jinhua.risk.geo.pool.TransferPlan;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.geo.team.TeamDistance;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.AlertIds;
import cn.jinhua.risk.jobs.rules.LiveRules;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Point;

/**
 * Writes the wastewater alerts ({@code docs/alerts.md} "Fields") from the rules' verdicts: titles
 * in English and Chinese, the sensor readings as evidence, and the recommendation (what to do,
 * the pool and its connections, the transfer plan, the sluices to close, the response teams of the
 * level with distances and ETAs). Location and zones are the subject's; rule id and version come
 * from the rule catalogue, the id from {@link AlertIds}. Thread-safe once built (reads an immutable
 * world).
 */
final class WastewaterPresenter {
    static final String SCENARIO = "WASTEWATER";
    /** The topic the evidence readings came from. */
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private LiveRules live;
    private boolean shadow;
    private final World world;
    private final ParkGeo geo;
    private final EtaModel eta;
    private final Clock clock;
    private final double transferCeilingOffsetPct;
    private final long lookbackMillis;
    private final String sensorsTopic;

    /** @param clock gives detectedAt */
    /** @param sensorsTopic the topic the readings come from, named in the evidence */
    WastewaterPresenter(ParkGeo geo, WastewaterParams params, EtaModel eta, Clock clock, String sensorsTopic) {
        this.sensorsTopic = sensorsTopic;
        this.world = geo.world();
        this.geo = geo;
        this.eta = eta;
        this.clock = clock;
        this.transferCeilingOffsetPct = params.overflowForecast().transferCeilingOffsetPct();
        this.lookbackMillis = params.outOfOrderness().toMillis();
    }

    static String plantIncident(String plantId) {
        return SCENARIO + ":plant:" + plantId;
    }

    static String creekIncident(String reservoirId) {
        return SCENARIO + ":creek:" + reservoirId;
    }

    /** @param s the park's state: the levels of the connected pools as of the out-of-orderness bound before the reading */
    Alert poolHigh(PoolHighRule.Verdict v, ParkState s) {
        Tank tank = v.tank();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", v.highHigh()
                ? "Stop feeding " + tank.name() + " and start transferring to the connected pools now"
                : "Prepare to transfer from " + tank.name() + " to the connected pools; check the plant's inflow");
        rec.put("actionZh", v.highHigh() ? "立即停止向" + tank.nameZh() + "进水，并启动互连管向相邻应急池转输"
                : "做好" + tank.nameZh() + "向相邻应急池转输准备，排查进水来源");
        rec.put("pool", poolRef(tank, v.sample().getValue()));
        rec.put("connections", connections(s, tank, v.sample().getTsMillis() - lookbackMillis));
        rec.put("teams", teams(tank.plantId(), v.level(), false, tank.geometry()));
        String pct = String.valueOf(Math.round(v.fillPct()));
        return build(PoolHighRule.RULE, v.severity(), v.discriminator(), plantIncident(tank.plantId()), tank,
                tank.geometry(), v.sample().getTsMillis(), 1, v.level(),
                tank.name() + " at " + pct + " % (" + (v.highHigh() ? "high-high" : "high") + ")",
                tank.nameZh() + "液位" + pct + "%（" + (v.highHigh() ? "高高报警" : "高报警") + "）",
                List.of(evidence(tank.levelSensor(), v.sample())), rec, null);
    }

    Alert overflowForecast(PoolOverflowForecastRule.Verdict v) {
        Tank tank = v.tank();
        TransferPlan plan = v.plan();
        long at = v.overflowAt();
        String hhmm = HH_MM.format(Instant.ofEpochMilli(at).atZone(IsoTimes.ZONE));
        long hours = plan.horizon().toHours();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", plan.sufficient()
                ? "Open the interconnection pipes of the transfer plan and pump " + Math.round(v.inflowM3h())
                        + " m³/h to the listed pools"
                : "Transfer what the network takes and raise the response to the park: the connected pools cannot take "
                        + Math.round(plan.shortfallM3h()) + " m³/h for " + hours + " h");
        rec.put("actionZh", plan.sufficient()
                ? "按转输方案开启互连管，向所列应急池转输约" + Math.round(v.inflowM3h()) + "立方米/小时"
                : "按方案转输并提升至园区级响应：相邻应急池" + hours + "小时内无法容纳"
                        + Math.round(plan.shortfallM3h()) + "立方米/小时");
        rec.put("pool", poolRef(tank, v.sample().getValue()));
        rec.put("trendCmPerMin", round(v.line().slopePerMinute() * 100.0, 2));
        rec.put("minutesToOverflow", Math.max(0, Math.round((at - v.sample().getTsMillis()) / 60_000.0)));
        rec.put("transferPlan", planRef(plan));
        rec.put("teams", teams(tank.plantId(), v.level(), false, tank.geometry()));
        List<Alert.Evidence> ev = new ArrayList<>();
        for (Sample w : v.window()) {
            ev.add(evidence(tank.levelSensor(), w));
        }
        return build(PoolOverflowForecastRule.RULE, v.severity(), v.discriminator(), plantIncident(tank.plantId()), tank,
                tank.geometry(), v.sample().getTsMillis(), 1, v.level(),
                tank.name() + " forecast to overflow at " + hhmm
                        + (plan.sufficient() ? "" : "; connected pools cannot absorb the inflow"),
                tank.nameZh() + "预计" + hhmm + "溢流" + (plan.sufficient() ? "" : "，相邻应急池容量不足"),
                ev, rec, at);
    }

    Alert poolNotReady(PoolNotReadyRule.Verdict v) {
        Tank tank = v.tank();
        long hours = Math.round((v.sample().getTsMillis() - v.since().getTsMillis()) / 3_600_000.0);
        String pct = String.valueOf(Math.round(v.fillPct()));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", "Empty " + tank.name() + " below " + Math.round(tank.readinessMaxPct())
                + " % so that it can take an incident's water");
        rec.put("actionZh", "将" + tank.nameZh() + "液位降至" + Math.round(tank.readinessMaxPct()) + "%以下，保持应急容量");
        rec.put("pool", poolRef(tank, v.sample().getValue()));
        rec.put("aboveSince", v.since().getTs());
        rec.put("teams", teams(tank.plantId(), ResponseLevel.ENTERPRISE, false, tank.geometry()));
        return build(PoolNotReadyRule.RULE, v.severity(), v.discriminator(), plantIncident(tank.plantId()), tank,
                tank.geometry(), v.sample().getTsMillis(), 1, ResponseLevel.ENTERPRISE,
                tank.name() + " not ready: " + pct + " % full for " + hours + " h",
                tank.nameZh() + "未腾空：液位" + pct + "%已持续" + hours + "小时",
                List.of(evidence(tank.levelSensor(), v.since()), evidence(tank.levelSensor(), v.sample())), rec, null);
    }

    Alert enclosureWater(EnclosureWaterRule.Verdict v) {
        Plant plant = v.plant();
        double depth = v.depthCm();
        double ramp = plant.gateRampCm();
        String cm = fmt(depth, 1);
        String rampCm = fmt(ramp, 0);
        boolean leaving = v.leaving();
        Map<String, Object> rec = new LinkedHashMap<>();
        if (leaving) {
            rec.put("action", "Wastewater is leaving " + plant.name() + ": close both creek sluices now and block the gate");
            rec.put("actionZh", plant.nameZh() + "废水已漫过挡水坎外溢：立即关闭清水拦截闸和污水拦截闸，封堵厂门");
            if (v.reach() != null) {
                rec.put("creekReach", v.reach().id());
            }
            rec.put("closeSluices", v.closeSluices().stream().map(WastewaterPresenter::sluiceRef).toList());
        } else {
            rec.put("action", "Water is rising at the gate of " + plant.name()
                    + ": reinforce the gate ramp with sandbags and pump the enclosure to the emergency pool");
            rec.put("actionZh", plant.nameZh() + "厂门积水上涨：用沙袋加高挡水坎，将厂区积水泵入事故应急池");
        }
        rec.put("gateDepthCm", round(depth, 1));
        rec.put("gateRampCm", ramp);
        rec.put("pool", plant.poolId());
        rec.put("teams", teams(plant.id(), v.level(), leaving, v.gate().geometry()));
        return build(EnclosureWaterRule.RULE, v.severity(), v.discriminator(), plantIncident(plant.id()), plant,
                v.gate().geometry(), v.sample().getTsMillis(), v.tier(), v.level(),
                leaving ? "Wastewater leaving " + plant.name() + " over its " + rampCm + " cm gate ramp (" + cm + " cm)"
                        : "Water at the gate of " + plant.name() + ": " + cm + " cm of a " + rampCm + " cm ramp",
                leaving ? plant.nameZh() + "废水漫过" + rampCm + "厘米挡水坎外溢（积水" + cm + "厘米）"
                        : plant.nameZh() + "厂门积水" + cm + "厘米（挡水坎" + rampCm + "厘米）",
                List.of(evidence(v.gate().id(), v.sample())), rec, null);
    }

    Alert creekContamination(CreekContaminationRule.Verdict v) {
        Sensor sensor = v.sensor();
        WaterQualityStation station = v.station();
        Sample sample = v.sample();
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
        upstream.put("sensorId", v.upstreamId());
        upstream.put("ts", v.upstream().getTs());
        upstream.put("value", v.upstream().getValue());
        rec.put("upstream", upstream);
        rec.put("closeSluices", v.closeSluices().stream().map(WastewaterPresenter::sluiceRef).toList());
        rec.put("creekReach", v.reach().id());
        rec.put("teams", teams(null, ResponseLevel.COUNTY, true, station.geometry()));
        List<Alert.Evidence> ev = new ArrayList<>();
        for (Sample x : v.run()) {
            ev.add(evidence(sensor.id(), x));
        }
        ev.add(evidence(v.upstreamId(), v.upstream()));
        return build(CreekContaminationRule.RULE, v.severity(), v.discriminator(), creekIncident(v.reach().id()), station,
                station.geometry(), sample.getTsMillis(), 3, ResponseLevel.COUNTY,
                "Creek contaminated below the park: " + param + " " + fmt(sample.getValue(), 3) + " " + unitText(sensor)
                        + " at " + station.name() + " (limit " + limit + "), upstream within it",
                station.nameZh() + parameterNameZh(sensor) + "超标：" + fmt(sample.getValue(), 3) + " " + unitText(sensor)
                        + "（限值" + limit + "），上游未超标",
                ev, rec, null);
    }

    Alert creekSpaceFilling(CreekSpaceFillingRule.Verdict v) {
        CreekReservoir reach = v.reach();
        Sample sample = v.sample();
        long at = v.fullAt();
        String hhmm = HH_MM.format(Instant.ofEpochMilli(at).atZone(IsoTimes.ZONE));
        double fillPct = sample.getValue() / reach.depthM() * 100.0;
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", "The creek reach between the sluices is filling: stop every discharge into it, pump it to"
                + " the park's treatment and tankers, and prepare county resources");
        rec.put("actionZh", "闸坝间应急河段即将蓄满：停止一切排入，组织泵车、槽车转运至污水处理设施，县级力量做好准备");
        Map<String, Object> reachRef = new LinkedHashMap<>();
        reachRef.put("id", reach.id());
        reachRef.put("name", reach.name());
        reachRef.put("nameZh", reach.nameZh());
        reachRef.put("levelM", round(sample.getValue(), 3));
        reachRef.put("depthM", reach.depthM());
        reachRef.put("fillPct", round(fillPct, 1));
        reachRef.put("capacityM3", reach.capacityM3());
        rec.put("creekReach", reachRef);
        rec.put("trendCmPerMin", round(v.line().slopePerMinute() * 100.0, 2));
        rec.put("minutesToFull", Math.max(0, Math.round((at - sample.getTsMillis()) / 60_000.0)));
        rec.put("sluices", geo.sluicesOf(reach).stream().map(WastewaterPresenter::sluiceRef).toList());
        Point at0 = reach.geometry().getInteriorPoint();
        rec.put("teams", teams(null, ResponseLevel.COUNTY, false, at0));
        List<Alert.Evidence> ev = new ArrayList<>();
        for (Sample w : v.window()) {
            ev.add(evidence(v.sensor().id(), w));
        }
        return build(CreekSpaceFillingRule.RULE, v.severity(), v.discriminator(), creekIncident(reach.id()), reach, at0,
                sample.getTsMillis(), 3, ResponseLevel.COUNTY,
                reach.name() + " forecast full at " + hhmm,
                reach.nameZh() + "预计" + hhmm + "蓄满", ev, rec, at);
    }

    /** @param closeWindow the window the sluice had, for the titles */
    Alert sluiceNotClosed(SluiceNotClosedRule.Verdict v, Duration closeWindow) {
        Sluice sluice = world.require(v.sluiceId(), Sluice.class);
        CreekReservoir reach = geo.reachNear(sluice.geometry().getX(), sluice.geometry().getY());
        SluiceEvent pos = v.position();
        SluiceEvent order = v.order();
        long minutes = closeWindow.toMinutes();
        String pct = pos == null ? "?" : String.valueOf(Math.round(pos.pctOpen()));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", "Close " + sluice.name() + " now (manually if the drive fails) and confirm it reads closed");
        rec.put("actionZh", "立即关闭" + sluice.nameZh() + "（电动失灵则手动关闭），并确认闸位显示关闭");
        rec.put("sluice", sluiceRef(sluice));
        rec.put("pctOpen", pos == null ? null : pos.pctOpen());
        rec.put("orderedBy", Map.of("alertId", order.alertId(), "ruleId", order.ruleId(), "at", order.ts()));
        rec.put("creekReach", reach.id());
        rec.put("teams", teams(null, ResponseLevel.COUNTY, true, sluice.geometry()));
        List<Alert.Evidence> ev = new ArrayList<>();
        if (pos != null) {
            ev.add(new Alert.Evidence(sensorsTopic, pos.sensorId(), pos.ts(), pos.pctOpen()));
        }
        ev.add(new Alert.Evidence("risk.alerts", order.alertId(), order.ts(), order.ruleId()));
        return build(SluiceNotClosedRule.RULE, v.severity(), v.discriminator(), creekIncident(reach.id()), sluice,
                sluice.geometry(), v.deadline(), 3, ResponseLevel.COUNTY,
                sluice.name() + " still " + pct + " % open " + minutes + " min after the order to close",
                sluice.nameZh() + "关闭指令下达" + minutes + "分钟后仍开启" + pct + "%", ev, rec, null);
    }

    /**
     * The live rules whose versions the alerts carry from now on; null: the catalogue's versions
     * and the world the job started with.
     *
     * @param shadow the alerts are a shadow version's ({@code live} already {@link LiveRules#asShadow}):
     *     marked {@code shadow}, with ids no live alert has
     */
    void versions(LiveRules live, boolean shadow) {
        this.live = live;
        this.shadow = shadow;
    }

    private Alert build(RuleCatalogue.Rule rule, Severity severity, String discriminator, String incidentKey,
                        WorldFeature subject, Point location, long eventTimeMillis, int tier, ResponseLevel level,
                        String title, String titleZh, List<Alert.Evidence> evidence, Map<String, Object> recommendation,
                        Long predictedOverflowAtMillis) {
        double lon = location.getX();
        double lat = location.getY();
        int version = live == null ? rule.version() : live.rule(rule.id()).version();
        return new Alert(
                AlertIds.of(rule.id(), version, subject.id(), eventTimeMillis, AlertIds.shadowed(discriminator, shadow)),
                rule.id(), version, rule.scenario(), severity, incidentKey, subject.id(), title, titleZh,
                IsoTimes.format(eventTimeMillis), IsoTimes.format(clock.millis()),
                new Alert.Location(round(lat, 6), round(lon, 6)), List.copyOf(world.index().areaIdsAt(lon, lat)),
                tier, level.name(), List.copyOf(evidence), recommendation, null,
                predictedOverflowAtMillis == null ? null : IsoTimes.format(predictedOverflowAtMillis), null, null,
                live == null ? 1 : live.worldVersion(), shadow);
    }

    /** The response teams for a place, as plain maps for the recommendation. */
    private List<Map<String, Object>> teams(String plantId, ResponseLevel level, boolean sluiceMustClose, Point at) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TeamDistance td : world.teams().wastewaterResponse(plantId, level, sluiceMustClose, at.getX(), at.getY(), eta)) {
            Team t = td.team();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("name", t.name());
            m.put("nameZh", t.nameZh());
            m.put("role", t.role().name());
            m.put("level", t.level() == null ? null : t.level().name());
            m.put("distanceM", Math.round(td.distanceM()));
            m.put("etaMinutes", Math.max(1, Math.round(td.eta().toSeconds() / 60.0)));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> sluiceRef(Sluice s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("nameZh", s.nameZh());
        m.put("role", s.role().name());
        m.put("positionSensor", s.positionSensor());
        return m;
    }

    private Alert.Evidence evidence(String sensorId, Sample s) {
        return new Alert.Evidence(sensorsTopic, sensorId, s.getTs(), s.getValue());
    }

    private Map<String, Object> poolRef(Tank t, double levelM) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("nameZh", t.nameZh());
        m.put("levelM", round(levelM, 3));
        m.put("fillPct", round(t.fillPct(levelM), 1));
        m.put("capacityM3", t.capacityM3());
        m.put("depthM", t.depthM());
        return m;
    }

    /** The pipes at a pool with the spare volume of the pool at their other end as of {@code asOf}. */
    private List<Map<String, Object>> connections(ParkState s, Tank tank, long asOf) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pipe p : world.pools().pipesAt(tank.id())) {
            String other = p.otherEnd(tank.id());
            if (!p.carries(tank.id(), other)) {
                continue;
            }
            Tank o = world.pools().tank(other).orElseThrow();
            Sample l = s.asOf(o.levelSensor(), asOf);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pipeId", p.id());
            m.put("maxFlowM3h", p.maxFlowM3h());
            m.put("tankId", o.id());
            m.put("tankName", o.name());
            m.put("tankNameZh", o.nameZh());
            m.put("spareM3", l == null ? null
                    : (Object) round(o.spareM3(l.getValue(), o.highHighPct() - transferCeilingOffsetPct), 1));
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> planRef(TransferPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sourceTankId", plan.sourceTankId());
        m.put("inflowM3h", round(plan.inflowM3h(), 1));
        m.put("horizonHours", plan.horizon().toMinutes() / 60.0);
        m.put("absorbedM3h", round(plan.absorbedM3h(), 1));
        m.put("shortfallM3h", round(plan.shortfallM3h(), 1));
        m.put("shortfallM3", round(plan.shortfallM3(), 1));
        m.put("sufficient", plan.sufficient());
        List<Map<String, Object>> intakes = new ArrayList<>();
        for (TransferPlan.TankIntake i : plan.intakes()) {
            Tank t = world.pools().tank(i.tankId()).orElseThrow();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("tankId", i.tankId());
            x.put("name", t.name());
            x.put("nameZh", t.nameZh());
            x.put("hops", i.hops());
            x.put("rateM3h", round(i.rateM3h(), 1));
            x.put("spareM3", round(i.spareM3(), 1));
            intakes.add(x);
        }
        m.put("intakes", intakes);
        List<Map<String, Object>> pipes = new ArrayList<>();
        for (TransferPlan.PipeFlow f : plan.pipeFlows()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("pipeId", f.pipeId());
            x.put("fromTankId", f.fromTankId());
            x.put("toTankId", f.toTankId());
            x.put("rateM3h", round(f.rateM3h(), 1));
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
        return BigDecimal.valueOf(round(v, maxDecimals)).stripTrailingZeros().toPlainString();
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
