package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.Detections;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The wastewater (plating park) detection topology ({@code docs/rules.md} "Wastewater"): from
 * {@code risk.sensors} readings checked against the live world ({@link SensorRouter}) to alerts.
 * No sources, sinks or environment settings: the job class wires Kafka around it, tests wire
 * {@code fromData}.
 *
 * <p>Input assumptions: readings are valid in the world they were routed with and carry
 * event-time timestamps and watermarks (bounded out-of-orderness with idleness). Readings of
 * sensors the rules do not use (rain) are dropped here (the screens still get them). Pool and gate
 * readings are decided in their tank's home key (the park as the job started, or a pool put in
 * live), a level reading also kept as history by the other home keys of its pool network; creek
 * level and quality readings go to one key per creek reach ({@link SensorRoutes}, DESIGN.md);
 * sluice positions and the closing orders of alerts go to the sluice watch, keyed by sluice. The
 * park rules and the sluice watch follow the live rules on their broadcast inputs.
 */
public final class WastewaterTopology {
    public static final String UID_PARK_RULES = "wastewater-park-rules";
    public static final String UID_SLUICE_WATCH = "wastewater-sluice-watch";

    private WastewaterTopology() {
    }

    /**
     * @param routed the sensor router's readings and their history copies
     * @param liveRules the live rules as JSON ({@code changes.LiveChangesTopology}), broadcast to the park rules
     *     and the sluice watch
     * @param sensorsTopic the topic the readings come from (evidence, dead letters)
     */
    public static Detections apply(SensorRouter.Routed routed, DataStream<String> liveRules, WorldSnapshot world,
                                   WastewaterParams params, String sensorsTopic) {
        DataStream<RoutedReading> readings = routed.readings();
        SingleOutputStreamOperator<Alert> parkAlerts = readings
                .filter(r -> r.ruleKey() != null)
                .name("wastewater-rule-sensors")
                .union(routed.historyCopies())
                .keyBy(RoutedReading::ruleKey)
                .connect(liveRules.broadcast(LiveRules.BROADCAST))
                .process(new ParkRulesFunction(world, params, sensorsTopic))
                .uid(UID_PARK_RULES)
                .name("wastewater park rules");

        DataStream<SluiceEvent> positions = readings
                .filter(r -> r.sluiceId() != null)
                .name("wastewater-sluice-positions")
                .map(r -> SluiceEvent.position(r.sluiceId(), r.reading()))
                .name("sluice position");
        DataStream<SluiceEvent> orders = parkAlerts.getSideOutput(ParkRulesFunction.CLOSE_REQUESTS)
                .map(SluiceEvent::closeOrder)
                .name("sluice close order");

        SingleOutputStreamOperator<Alert> sluiceAlerts = positions.union(orders)
                .keyBy(SluiceEvent::sluiceId)
                .connect(liveRules.broadcast(LiveRules.BROADCAST))
                .process(new SluiceWatchFunction(world, params, SluiceWatchFunction.compileEpl(), sensorsTopic))
                .uid(UID_SLUICE_WATCH)
                .name("wastewater sluice watch (Esper)");

        return new Detections(parkAlerts.union(sluiceAlerts), parkAlerts.getSideOutput(RuleFailures.DEAD_LETTERS)
                .union(sluiceAlerts.getSideOutput(RuleFailures.DEAD_LETTERS)));
    }
}
