package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.Pipe;
import cn.jinhua.risk.geo.model.Plant;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.geo.model.SensorKind;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.Detections;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The wastewater (plating park) detection topology ({@code docs/rules.md} "Wastewater"): from validated {@code risk.sensors}
 * readings to alerts. No sources, sinks or environment settings: the job class wires Kafka around
 * it, tests wire {@code fromData}.
 *
 * <p>Input assumptions: readings are validated (the sensor exists in {@code world}, the unit
 * matches, the value is finite) and carry event-time timestamps and watermarks (bounded
 * out-of-orderness with idleness). Readings of sensors the rules do not use (rain) are dropped.
 * Pool and gate readings go to one keyed rule operator per pool network (the pools joined by
 * pipes: the park), creek level and quality readings to one per creek reach (see DESIGN.md); sluice positions and the closing orders of alerts go
 * to the sluice watch, keyed by sluice. The park rules follow the live rules on their broadcast input.
 */
public final class WastewaterTopology {
    public static final String UID_PARK_RULES = "wastewater-park-rules";
    public static final String UID_SLUICE_WATCH = "wastewater-sluice-watch";

    private WastewaterTopology() {
    }

    /**
     * @param liveRules the live rules as JSON ({@code changes.LiveChangesTopology}), broadcast to the park rules
     * @param sensorsTopic the topic the readings come from (evidence, dead letters)
     */
    public static Detections apply(DataStream<SensorReading> readings, DataStream<String> liveRules, WorldSnapshot world,
                                   WastewaterParams params, String sensorsTopic) {
        SensorRoutes routes = SensorRoutes.of(world.world());

        SingleOutputStreamOperator<Alert> parkAlerts = readings
                .filter(r -> routes.ruleKey(r.sensorId()) != null)
                .name("wastewater-rule-sensors")
                .keyBy(new RuleKey(routes))
                .connect(liveRules.broadcast(LiveRules.BROADCAST))
                .process(new ParkRulesFunction(world, params, sensorsTopic))
                .uid(UID_PARK_RULES)
                .name("wastewater park rules");

        DataStream<SluiceEvent> positions = readings
                .filter(r -> routes.sluiceOf(r.sensorId()) != null)
                .name("wastewater-sluice-positions")
                .map(r -> SluiceEvent.position(routes.sluiceOf(r.sensorId()), r))
                .name("sluice position");
        DataStream<SluiceEvent> orders = parkAlerts.getSideOutput(ParkRulesFunction.CLOSE_REQUESTS)
                .map(SluiceEvent::closeOrder)
                .name("sluice close order");

        SingleOutputStreamOperator<Alert> sluiceAlerts = positions.union(orders)
                .keyBy(SluiceEvent::sluiceId)
                .process(new SluiceWatchFunction(world, params, SluiceWatchFunction.compileEpl(), sensorsTopic))
                .uid(UID_SLUICE_WATCH)
                .name("wastewater sluice watch (Esper)");

        return new Detections(parkAlerts.union(sluiceAlerts), parkAlerts.getSideOutput(RuleFailures.DEAD_LETTERS)
                .union(sluiceAlerts.getSideOutput(RuleFailures.DEAD_LETTERS)));
    }

    /**
     * Why the job could not follow a world changed from the one it started with, or empty when it
     * can: the feeds accept the readings of the sensors the job started with, in their units
     * (validated at the source), and send each sensor's readings to the key fixed when the job
     * started. So a sensor put in, taken out, or given another kind or unit, and a change that
     * would send a sensor's readings to another pool network, creek reach or sluice, wait for a
     * restart with the world files.
     */
    public static Optional<String> routingChange(World start, World next) {
        Set<String> ids = new TreeSet<>();
        start.all(Sensor.class).forEach(s -> ids.add(s.id()));
        next.all(Sensor.class).forEach(s -> ids.add(s.id()));
        SensorRoutes before = SensorRoutes.of(start);
        SensorRoutes after = SensorRoutes.of(next);
        for (String id : ids) {
            Optional<Sensor> was = start.sensor(id);
            Optional<Sensor> is = next.sensor(id);
            String why = null;
            if (was.isEmpty()) {
                why = "is new";
            } else if (is.isEmpty()) {
                why = "would be taken out";
            } else if (was.get().kind() != is.get().kind() || !was.get().unit().equals(is.get().unit())) {
                why = "would change its kind or unit";
            } else if (!Objects.equals(before.ruleKey(id), after.ruleKey(id))) {
                why = "would move from " + before.ruleKey(id) + " to " + after.ruleKey(id)
                        + " (pool networks and creek reaches are fixed when the job starts)";
            } else if (!Objects.equals(before.sluiceOf(id), after.sluiceOf(id))) {
                why = "would report for another sluice";
            }
            if (why != null) {
                return Optional.of("sensor " + id + " " + why + ": the feeds take a sensor's readings as the"
                        + " world the job started with has it; that changes with the world files and a restart");
            }
        }
        return Optional.empty();
    }

    /** Which key each sensor's readings go to. Immutable and serializable. */
    static final class SensorRoutes implements Serializable {
        private static final long serialVersionUID = 1L;

        private final Map<String, String> ruleKeyBySensor;
        private final Map<String, String> sluiceBySensor;

        private SensorRoutes(Map<String, String> ruleKeyBySensor, Map<String, String> sluiceBySensor) {
            this.ruleKeyBySensor = ruleKeyBySensor;
            this.sluiceBySensor = sluiceBySensor;
        }

        static SensorRoutes of(World world) {
            Map<String, String> networkOfTank = poolNetworks(world);
            HashMap<String, String> rule = new HashMap<>();
            HashMap<String, String> sluice = new HashMap<>();
            for (Sensor s : world.all(Sensor.class)) {
                SensorKind kind = s.kind();
                if (kind == SensorKind.SLUICE_POSITION) {
                    sluice.put(s.id(), s.siteId());
                } else if (kind == SensorKind.TANK_LEVEL) {
                    world.find(s.siteId(), Tank.class).ifPresent(t -> rule.put(s.id(), networkOfTank.get(t.id())));
                } else if (kind == SensorKind.GATE_WATER_DEPTH) {
                    world.find(s.siteId(), Plant.class)
                            .map(p -> networkOfTank.get(p.poolId()))
                            .ifPresent(k -> rule.put(s.id(), k));
                } else if (kind == SensorKind.CREEK_LEVEL || kind.isWaterQuality()) {
                    ParkGeo.nearestReach(world, s.geometry().getX(), s.geometry().getY())
                            .ifPresent(r -> rule.put(s.id(), "creek:" + r.id()));
                }
            }
            return new SensorRoutes(rule, sluice);
        }

        /**
         * Pools joined by pipes (in either direction) form one network and share one key: a
         * transfer plan needs the levels of exactly these pools. Key: "pools:" + the network's
         * smallest tank id.
         */
        private static Map<String, String> poolNetworks(World world) {
            Map<String, String> out = new HashMap<>();
            List<String> ids = world.pools().tanks().stream().map(Tank::id).sorted().toList();
            for (String start : ids) {
                if (out.containsKey(start)) {
                    continue;
                }
                String key = "pools:" + start;
                ArrayDeque<String> todo = new ArrayDeque<>(List.of(start));
                while (!todo.isEmpty()) {
                    String t = todo.poll();
                    if (out.putIfAbsent(t, key) == null) {
                        for (Pipe p : world.pools().pipesAt(t)) {
                            todo.add(p.otherEnd(t));
                        }
                    }
                }
            }
            return out;
        }

        String ruleKey(String sensorId) {
            return ruleKeyBySensor.get(sensorId);
        }

        String sluiceOf(String sensorId) {
            return sluiceBySensor.get(sensorId);
        }
    }

    /** Key of the park rules: the pool network or creek reach of the reading's sensor. */
    static final class RuleKey implements KeySelector<SensorReading, String> {
        private static final long serialVersionUID = 1L;
        private final SensorRoutes routes;

        RuleKey(SensorRoutes routes) {
            this.routes = routes;
        }

        @Override
        public String getKey(SensorReading r) {
            return routes.ruleKey(r.sensorId());
        }
    }
}
