package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.plating.ParkState;
import cn.jinhua.risk.jobs.rules.plating.PlatingAlerts;
import cn.jinhua.risk.jobs.rules.plating.PlatingOutput;
import cn.jinhua.risk.jobs.rules.plating.PlatingRules;
import cn.jinhua.risk.jobs.rules.plating.SluiceCloseRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs {@link PlatingRules} for one pool network (the park) or one creek reach per key. Readings
 * are held in keyed state until the watermark passes their time and are then evaluated in
 * event-time order (ties: upstream quality first, then sensor id, then value), so the outcome does
 * not depend on how Kafka partitions interleave, and the other pools' levels a transfer plan uses
 * are those at the forecast's own time. Sluice closing orders leave on {@link #CLOSE_REQUESTS}.
 *
 * <p>Input: validated readings with event-time timestamps. A reading that arrives after the
 * watermark has passed its time is evaluated at once (the rules drop it when its sensor already has
 * a later reading). State: the key's {@link ParkState} (bounded by the world's sensors) and the
 * readings waiting for the watermark (removed when evaluated).
 */
public class ParkRulesFunction extends KeyedProcessFunction<String, SensorReading, Alert> {
    private static final long serialVersionUID = 1L;

    /** Orders to close a sluice, for {@link SluiceWatchFunction}. */
    public static final OutputTag<SluiceCloseRequest> CLOSE_REQUESTS =
            new OutputTag<>("wastewater-close-requests", TypeInformation.of(SluiceCloseRequest.class));

    static final MapStateDescriptor<Long, List<SensorReading>> PENDING = new MapStateDescriptor<>(
            "pending-readings", Types.LONG, new TypeHint<List<SensorReading>>() { }.getTypeInfo());
    static final ValueStateDescriptor<ParkState> STATE =
            new ValueStateDescriptor<>("park-state", TypeInformation.of(ParkState.class));

    private final WorldSnapshot world;
    private final WastewaterParams params;
    private transient PlatingRules rules;
    private transient MapState<Long, List<SensorReading>> pending;
    private transient ValueState<ParkState> state;

    public ParkRulesFunction(WorldSnapshot world, WastewaterParams params) {
        this.world = world;
        this.params = params;
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new PlatingRules(world.world(), params,
                new PlatingAlerts(world.world(), EtaModel.defaults(), Clock.systemUTC()));
        pending = getRuntimeContext().getMapState(PENDING);
        state = getRuntimeContext().getState(STATE);
    }

    @Override
    public void processElement(SensorReading r, Context ctx, Collector<Alert> out) throws Exception {
        if (r.tsMillis() <= ctx.timerService().currentWatermark()) {
            evaluate(List.of(r), ctx, out);
            return;
        }
        List<SensorReading> atTs = pending.get(r.tsMillis());
        if (atTs == null) {
            atTs = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(r.tsMillis());
        }
        atTs.add(r);
        pending.put(r.tsMillis(), atTs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<SensorReading> due = pending.get(timestamp);
        if (due == null) {
            return;
        }
        pending.remove(timestamp);
        List<SensorReading> sorted = new ArrayList<>(due);
        sorted.sort(Comparator.comparingInt((SensorReading r) -> rules.orderAtSameTime(r.sensorId()))
                .thenComparing(SensorReading::sensorId).thenComparingDouble(SensorReading::value));
        evaluate(sorted, ctx, out);
    }

    private void evaluate(List<SensorReading> readings, Context ctx, Collector<Alert> out) throws Exception {
        ParkState s = state.value();
        if (s == null) {
            s = new ParkState();
        }
        PlatingOutput sink = new PlatingOutput() {
            @Override
            public void alert(Alert alert) {
                out.collect(alert);
            }

            @Override
            public void closeSluice(SluiceCloseRequest request) {
                ctx.output(CLOSE_REQUESTS, request);
            }
        };
        for (SensorReading r : readings) {
            rules.onReading(s, r, sink);
        }
        state.update(s);
    }
}
