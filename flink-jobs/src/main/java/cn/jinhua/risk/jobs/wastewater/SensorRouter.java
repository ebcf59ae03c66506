package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.feed.DeadLetterCounts;
import cn.jinhua.risk.jobs.feed.FeedParser;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.LiveFollower;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Checks each {@code risk.sensors} record against the live world and sends it where that world
 * says ({@link SensorRoutes}): to the park rules' key that decides it (a level reading also, as
 * history, to the other keys of its pool network: {@link #HISTORY_COPIES}) and the sluice watch. The sensor must exist, and a unit sent must be the sensor's. So a
 * sensor put in live (a new plant's pool level, a gate) is read from the next record on, and one
 * taken out is refused from then on, with no restart. Refusals go to {@link #DEAD_LETTERS} with
 * the record's bytes: {@value #UNKNOWN_SENSOR}, {@value #UNIT_MISMATCH}.
 *
 * <p>The world is the one the park rules decide with: the start world changed by the live world
 * changes that count at the operator's watermark, followed from the broadcast input
 * ({@link LiveRules#BROADCAST}, checkpointed). Each reading carries the world version it was routed
 * with; the park rules wait for that version before deciding it (their broadcast input may lag
 * this one's). Stateless apart from the broadcast state.
 */
public final class SensorRouter extends BroadcastProcessFunction<FeedRecord, String, RoutedReading> {
    private static final long serialVersionUID = 1L;
    public static final String UNKNOWN_SENSOR = "unknown-sensor";
    public static final String UNIT_MISMATCH = "unit-mismatch";
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("sensor-dead-letters", TypeInformation.of(DeadLetter.class));

    public static final String UID = "wastewater-sensor-router";
    /**
     * A level reading again for each other home key of its pool network, which keeps it as history
     * for its transfer plans ({@link SensorRoutes#ruleKeys}); the main output has each reading once.
     */
    public static final OutputTag<RoutedReading> HISTORY_COPIES =
            new OutputTag<>("sensor-history-copies", TypeInformation.of(RoutedReading.class));

    private final WorldSnapshot start;
    private transient LiveFollower follower;
    private transient SensorRoutes routes;
    private transient int routedStamp;
    private transient DeadLetterCounts deadLetters;

    /**
     * The checked readings (each once, routed to its home key), their history copies for the other
     * keys of their pool networks, and the refused records.
     */
    public record Routed(DataStream<RoutedReading> readings, DataStream<RoutedReading> historyCopies,
                         DataStream<DeadLetter> deadLetters) {
    }

    /**
     * Applies the router to the sensor records of the feed router.
     *
     * @param liveRules the live rules as JSON ({@code changes.LiveChangesTopology}), idle in event time
     */
    public static Routed route(DataStream<FeedRecord> sensorRecords, DataStream<String> liveRules, WorldSnapshot start) {
        SingleOutputStreamOperator<RoutedReading> readings = sensorRecords
                // Every subtask gets every snapshot; the operator keeps it in its broadcast state.
                .connect(liveRules.broadcast())
                .transform("readings checked against the live world", TypeInformation.of(RoutedReading.class),
                        new FeedTimeOnly(new SensorRouter(start)))
                .uid(UID);
        return new Routed(readings, readings.getSideOutput(HISTORY_COPIES), readings.getSideOutput(DEAD_LETTERS));
    }

    /**
     * The router's operator, whose event time and idleness are its feed's alone: the live rules
     * (its broadcast input) never hold it back nor make it active. Without this, a subtask whose
     * feed partition is silent turns active when a live change reaches it and, having no
     * watermark, holds back the event time of every park rule operator downstream.
     */
    static final class FeedTimeOnly extends CoBroadcastWithNonKeyedOperator<FeedRecord, String, RoutedReading> {
        private static final long serialVersionUID = 1L;

        FeedTimeOnly(SensorRouter router) {
            super(router, List.of(LiveRules.BROADCAST));
        }

        /** The broadcast input's index among the operator's inputs (processWatermarkStatus2). */
        private static final int BROADCAST_INPUT = 1;

        @Override
        public void open() throws Exception {
            super.open();
            super.processWatermarkStatus(WatermarkStatus.IDLE, BROADCAST_INPUT);
        }

        @Override
        protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
            super.processWatermarkStatus(index == BROADCAST_INPUT ? WatermarkStatus.IDLE : status, index);
        }

        @Override
        public void processWatermark2(Watermark mark) {
        }
    }

    public SensorRouter(WorldSnapshot start) {
        this.start = start;
    }

    @Override
    public void open(OpenContext openContext) {
        follower = new LiveFollower(start);
        routes = SensorRoutes.of(start.world());
        routedStamp = 0;
        deadLetters = new DeadLetterCounts(getRuntimeContext());
    }

    @Override
    public void processBroadcastElement(String liveJson, Context ctx, Collector<RoutedReading> out) throws Exception {
        ctx.getBroadcastState(LiveRules.BROADCAST).put(LiveRules.KEY, liveJson);
    }

    @Override
    public void processElement(FeedRecord r, ReadOnlyContext ctx, Collector<RoutedReading> out) throws Exception {
        if (follower.changed(ctx.getBroadcastState(LiveRules.BROADCAST), ctx.currentWatermark())
                && follower.world().stamp() != routedStamp) {
            routes = SensorRoutes.of(start.world(), follower.world().world());
            routedStamp = follower.world().stamp();
        }
        SensorReading s = r.sensor();
        int version = follower.rules() == null ? 1 : follower.rules().worldVersion();
        Optional<Sensor> sensor = follower.world().world().sensor(s.sensorId());
        if (sensor.isEmpty()) {
            refuse(r, ctx, UNKNOWN_SENSOR, "sensor " + FeedParser.quote(s.sensorId())
                    + " does not exist in the world (version " + version + ")");
            return;
        }
        String unit = sensor.get().unit();
        if (s.unit() != null && !s.unit().equals(unit)) {
            refuse(r, ctx, UNIT_MISMATCH, "unit " + FeedParser.quote(s.unit()) + " does not match sensor "
                    + s.sensorId() + "'s unit '" + unit + "'");
            return;
        }
        SensorReading valid = unit.equals(s.unit()) ? s
                : new SensorReading(s.sensorId(), s.tsMillis(), s.ts(), s.value(), unit, s.partition(), s.offset());
        out.collect(new RoutedReading(valid, routes.ruleKey(s.sensorId()), routes.sluiceOf(s.sensorId()), version));
        List<String> keys = routes.ruleKeys(s.sensorId());
        for (int i = 1; i < keys.size(); i++) {
            ctx.output(HISTORY_COPIES, new RoutedReading(valid, keys.get(i), null, version));
        }
    }

    private void refuse(FeedRecord r, ReadOnlyContext ctx, String reason, String detail) {
        ctx.output(DEAD_LETTERS, deadLetters.count(
                DeadLetter.of(r.topic(), r.partition(), r.offset(), r.raw(), reason, detail)));
    }
}
