package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Sluice;
import cn.jinhua.risk.geo.team.EtaModel;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.Severity;
import cn.jinhua.risk.jobs.rules.plating.PlatingAlerts;
import cn.jinhua.risk.jobs.rules.plating.PlatingRuleIds;
import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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

/**
 * plating.sluice-not-closed: watches each sluice (the key) after an alert ordered it closed. The
 * absence pattern itself is EPL ({@link SluiceWatchEpl}) in one Esper runtime per subtask, whose
 * clock is event time: inputs wait in keyed state for the watermark and are fed in time order from
 * event-time timers, each first advancing the Esper clock to the timer's time. The closing
 * deadline is also a Flink timer of the sluice's key, so the alert is emitted in that key's
 * context, with its state, at the deadline (the alert's event time).
 *
 * <p>Restart: Esper's state is not checkpointed. What must survive lives in Flink state (the
 * order being watched, the latest position, whether the sluice was already reported); a key's
 * order is re-sent to the new runtime on the key's first timer after a restore, with the time left
 * until its deadline. A sluice with an open order or an unanswered report ignores further orders
 * until it reads closed, so several alerts ordering the same closing give one watch.
 */
public class SluiceWatchFunction extends KeyedProcessFunction<String, SluiceEvent, Alert> {
    private static final long serialVersionUID = 1L;

    static final MapStateDescriptor<Long, List<SluiceEvent>> PENDING = new MapStateDescriptor<>(
            "pending-sluice-events", Types.LONG, new TypeHint<List<SluiceEvent>>() { }.getTypeInfo());
    static final ValueStateDescriptor<SluiceEvent> ORDER =
            new ValueStateDescriptor<>("watched-order", TypeInformation.of(SluiceEvent.class));
    static final ValueStateDescriptor<SluiceEvent> LATEST =
            new ValueStateDescriptor<>("latest-position", TypeInformation.of(SluiceEvent.class));
    static final ValueStateDescriptor<Boolean> REPORTED =
            new ValueStateDescriptor<>("reported-open", Types.BOOLEAN);

    private final WorldSnapshot world;
    private final WastewaterParams params;
    private final EPCompiled epl;

    private transient PlatingAlerts alerts;
    private transient EPRuntime esper;
    private transient long esperNow;
    private transient Set<String> hydrated;
    private transient Map<String, List<EventBean>> fired;
    private transient MapState<Long, List<SluiceEvent>> pending;
    private transient ValueState<SluiceEvent> order;
    private transient ValueState<SluiceEvent> latest;
    private transient ValueState<Boolean> reported;

    public SluiceWatchFunction(WorldSnapshot world, WastewaterParams params, EPCompiled epl) {
        this.world = world;
        this.params = params;
        this.epl = epl;
    }

    @Override
    public void open(OpenContext openContext) throws EPDeployException {
        World w = world.world();
        alerts = new PlatingAlerts(w, EtaModel.defaults(), Clock.systemUTC());
        String uri = "sluice-watch-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "-" + UUID.randomUUID();
        esper = EPRuntimeProvider.getRuntime(uri, SluiceWatchEpl.configuration());
        esperNow = Long.MIN_VALUE;
        EPDeployment d = esper.getDeploymentService().deploy(epl);
        EPStatement st = esper.getDeploymentService().getStatement(d.getDeploymentId(), SluiceWatchEpl.STATEMENT);
        hydrated = new HashSet<>();
        fired = new HashMap<>();
        st.addListener((newEvents, oldEvents, statement, runtime) -> {
            if (newEvents != null) {
                for (EventBean e : newEvents) {
                    fired.computeIfAbsent((String) e.get("sluiceId"), k -> new ArrayList<>()).add(e);
                }
            }
        });
        pending = getRuntimeContext().getMapState(PENDING);
        order = getRuntimeContext().getState(ORDER);
        latest = getRuntimeContext().getState(LATEST);
        reported = getRuntimeContext().getState(REPORTED);
    }

    @Override
    public void close() {
        if (esper != null) {
            esper.destroy();
            esper = null;
        }
    }

    @Override
    public void processElement(SluiceEvent e, Context ctx, Collector<Alert> out) throws Exception {
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
        String sluiceId = ctx.getCurrentKey();
        if (esperNow == Long.MIN_VALUE) {
            // A fresh runtime starts at wall-clock time; move it to event time before anything is sent.
            advance(timestamp);
        }
        hydrate(sluiceId);
        advance(timestamp);
        List<SluiceEvent> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            List<SluiceEvent> sorted = new ArrayList<>(due);
            // Positions first: a sluice reading closed at the very time of an order needs no watch.
            sorted.sort(Comparator.comparing((SluiceEvent x) -> !x.isPosition()).thenComparingDouble(x -> x.pctOpen()));
            for (SluiceEvent e : sorted) {
                if (e.isPosition()) {
                    onPosition(e);
                } else {
                    onOrder(e, ctx);
                }
            }
        }
        SluiceEvent watched = order.value();
        if (watched != null && timestamp >= watched.tsMillis() + params.sluiceCloseWindow().toMillis()) {
            List<EventBean> hits = fired.remove(sluiceId);
            if (hits != null && !hits.isEmpty()) {
                out.collect(notClosed(sluiceId, watched, timestamp));
                reported.update(true);
            }
            order.clear();
        }
    }

    private void onPosition(SluiceEvent e) throws Exception {
        SluiceEvent previous = latest.value();
        if (previous != null && previous.tsMillis() >= e.tsMillis()) {
            return;
        }
        latest.update(e);
        if (e.pctOpen() <= params.sluiceClosedMaxPct()) {
            reported.clear();
            order.clear();
        }
        Map<String, Object> m = new HashMap<>();
        m.put("sluiceId", e.sluiceId());
        m.put("tsMillis", e.tsMillis());
        m.put("pctOpen", e.pctOpen());
        esper.getEventService().sendEventMap(m, SluiceWatchEpl.POSITION_EVENT);
    }

    private void onOrder(SluiceEvent e, OnTimerContext ctx) throws Exception {
        SluiceEvent now = latest.value();
        boolean alreadyClosed = now != null && now.pctOpen() <= params.sluiceClosedMaxPct();
        if (order.value() != null || Boolean.TRUE.equals(reported.value()) || alreadyClosed) {
            return;
        }
        order.update(e);
        fired.remove(e.sluiceId());
        ctx.timerService().registerEventTimeTimer(e.tsMillis() + params.sluiceCloseWindow().toMillis());
        sendOrder(e, params.sluiceCloseWindow().toMillis());
    }

    /** Re-sends the watched order to a runtime that has not seen it (after a restore). */
    private void hydrate(String sluiceId) throws Exception {
        if (!hydrated.add(sluiceId)) {
            return;
        }
        SluiceEvent watched = order.value();
        if (watched != null) {
            long deadline = watched.tsMillis() + params.sluiceCloseWindow().toMillis();
            // Timers fire in time order and this key's deadline timer has not fired yet, so the
            // Esper clock is at or before the deadline.
            sendOrder(watched, Math.max(0, deadline - esperNow));
        }
    }

    private void sendOrder(SluiceEvent e, long waitMillis) {
        Map<String, Object> m = new HashMap<>();
        m.put("sluiceId", e.sluiceId());
        m.put("tsMillis", e.tsMillis());
        m.put("alertId", e.alertId());
        m.put("waitMillis", waitMillis);
        m.put("closedMaxPct", params.sluiceClosedMaxPct());
        esper.getEventService().sendEventMap(m, SluiceWatchEpl.ORDER_EVENT);
    }

    private void advance(long timestamp) {
        if (esperNow == Long.MIN_VALUE || timestamp > esperNow) {
            esper.getEventService().advanceTime(timestamp);
            esperNow = timestamp;
        }
    }

    private Alert notClosed(String sluiceId, SluiceEvent watched, long deadline) throws Exception {
        World w = world.world();
        Sluice sluice = w.require(sluiceId, Sluice.class);
        CreekReservoir reach = alerts.reachNear(sluice.geometry().getX(), sluice.geometry().getY());
        SluiceEvent pos = latest.value();
        long minutes = params.sluiceCloseWindow().toMinutes();
        String pct = pos == null ? "?" : String.valueOf(Math.round(pos.pctOpen()));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", "Close " + sluice.name() + " now (manually if the drive fails) and confirm it reads closed");
        rec.put("actionZh", "立即关闭" + sluice.nameZh() + "（电动失灵则手动关闭），并确认闸位显示关闭");
        rec.put("sluice", PlatingAlerts.sluiceRef(sluice));
        rec.put("pctOpen", pos == null ? null : pos.pctOpen());
        rec.put("orderedBy", Map.of("alertId", watched.alertId(), "ruleId", watched.ruleId(), "at", watched.ts()));
        rec.put("creekReach", reach.id());
        rec.put("teams", alerts.teams(null, ResponseLevel.COUNTY, true, sluice.geometry()));
        List<Alert.Evidence> ev = new ArrayList<>();
        if (pos != null) {
            ev.add(new Alert.Evidence(PlatingRuleIds.TOPIC_SENSORS, pos.sensorId(), pos.ts(), pos.pctOpen()));
        }
        ev.add(new Alert.Evidence("risk.alerts", watched.alertId(), watched.ts(), watched.ruleId()));
        return alerts.build(new PlatingAlerts.Spec(PlatingRuleIds.SLUICE_NOT_CLOSED, Severity.CRITICAL, watched.alertId(),
                PlatingRuleIds.creekIncident(reach.id()), sluice, sluice.geometry(), deadline, 3, ResponseLevel.COUNTY,
                sluice.name() + " still " + pct + " % open " + minutes + " min after the order to close",
                sluice.nameZh() + "关闭指令下达" + minutes + "分钟后仍开启" + pct + "%", ev, rec, null));
    }
}
