package cn.jinhua.risk.jobs.rules.hiker;

import cn.jinhua.risk.geo.index.AreaDistance;
import cn.jinhua.risk.geo.sun.SunTimesCalculator;
import cn.jinhua.risk.jobs.WorldRef;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.alert.AlertTimes;
import cn.jinhua.risk.jobs.alert.Severity;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.LocationFix;
import com.espertech.esper.common.client.EPCompiled;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The four lost-person rules (SPEC §4) for one key: a device id for fixes and for calls that name
 * their device, {@code call#<callId>} for calls without one.
 *
 * <p>Per fix only a keyed-state check runs (on the mountain? off trail? still? newest fix?); the
 * temporal patterns of {@code hiker.off-trail-stationary} and {@code hiker.after-dark} are Esper
 * EPL ({@code epl/hiker}) fed only with transitions (went still off trail / moved, entered / left
 * the mountain). Each transition waits in keyed state for an event-time timer at its own
 * timestamp; the timer first advances the subtask's Esper clock to that time, then feeds it, so
 * Esper sees transitions in event-time order and its clock follows the watermark. Matches are
 * drained in the matching device's own timer at the episode's due time. {@code hiker.signal-lost}
 * is an absence check on a single coalesced timer per device (re-armed at most once per timeout),
 * {@code hiker.distress-call} fires on the call itself.
 *
 * <p>Input assumptions: timestamps and watermarks assigned; records behind the watermark were
 * routed to the DLQ upstream; fixes may arrive out of order within the bound (an older fix only
 * counts towards stillness, it never causes a transition); duplicates are ignored. Everything that
 * must survive a restart is in {@link HikerState}; the Esper runtime is re-armed from it per device
 * on that device's next timer. Alerts carry deterministic ids.
 */
public class HikerRulesFunction extends KeyedCoProcessFunction<String, LocationFix, EmergencyCall, Alert> {
    private static final long serialVersionUID = 1L;
    public static final String CALL_KEY_PREFIX = "call#";

    private final HikerRuleParams params;
    private final WorldRef worldRef;
    private final EPCompiled epl;
    private final FeedTopics topics;
    private final WallClock wallClock;

    private transient ValueState<HikerState> state;
    private transient ListState<LocationFix> held;
    private transient HikerGeo geo;
    private transient LostPersonAlerts alerts;
    private transient HikerEsper esper;
    private transient long esperEpoch;
    private transient SunTimesCalculator sun;

    /** Supplies detectedAt; serializable so tests can pin it. */
    public interface WallClock extends LongSupplier, java.io.Serializable {
    }

    public HikerRulesFunction(HikerRuleParams params, WorldRef worldRef, EPCompiled epl, FeedTopics topics) {
        this(params, worldRef, epl, topics, System::currentTimeMillis);
    }

    public HikerRulesFunction(HikerRuleParams params, WorldRef worldRef, EPCompiled epl, FeedTopics topics,
                              WallClock wallClock) {
        this.params = params;
        this.worldRef = worldRef;
        this.epl = epl;
        this.topics = topics;
        this.wallClock = wallClock;
    }

    /** Keys fixes by device. */
    public static KeySelector<LocationFix, String> fixKey() {
        return LocationFix::deviceId;
    }

    /** Keys a call by its device, so it joins the device's incident, or by its own id. */
    public static KeySelector<EmergencyCall, String> callKey() {
        return c -> c.deviceId() != null ? c.deviceId() : CALL_KEY_PREFIX + c.callId();
    }

    public static ValueStateDescriptor<HikerState> stateDescriptor() {
        return new ValueStateDescriptor<>("hiker", HikerState.class);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(stateDescriptor());
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("hiker-held-fixes", LocationFix.class));
        geo = new HikerGeo(worldRef.load(), params);
        alerts = new LostPersonAlerts(geo, params);
        esper = new HikerEsper(epl, "hiker-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        // Identifies this runtime instance: a device whose state carries another epoch has episodes
        // armed in a runtime that no longer exists (restart) and is re-armed on its next timer.
        esperEpoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        sun = new SunTimesCalculator();
    }

    @Override
    public void close() {
        if (esper != null) {
            esper.close();
        }
    }

    // ---- fixes: a keyed-state check each, transitions queued for Esper

    @Override
    public void processElement1(LocationFix fix, Context ctx, Collector<Alert> out) throws Exception {
        HikerState s = state.value();
        boolean onMountain = geo.onMountain(fix.lon(), fix.lat());
        if (s == null && !onMountain && !held.get().iterator().hasNext()) {
            return;
        }
        long holdUntil = fix.tsMillis() - params.maxStateLead().toMillis();
        if (holdUntil > ctx.timerService().currentWatermark()) {
            // Far ahead of event time (catching up while an empty partition holds the watermark):
            // wait, so state never runs ahead of the timers that read it.
            held.add(fix);
            ctx.timerService().registerEventTimeTimer(holdUntil);
            return;
        }
        onFix(fix, s, onMountain, ctx.timerService());
    }

    private void onFix(LocationFix fix, HikerState current, boolean onMountain, TimerService ctx) throws Exception {
        HikerState s = current;
        if (s == null) {
            if (!onMountain) {
                return;
            }
            s = new HikerState();
        }
        if (fix.tsMillis() == s.lastTs && fix.lat() == s.lastLat && fix.lon() == s.lastLon) {
            return;
        }
        boolean newest = fix.tsMillis() > s.lastTs;
        long ts = fix.tsMillis();
        if (newest) {
            s.lastTs = ts;
            s.lastTsText(fix.ts());
            s.lastLat = fix.lat();
            s.lastLon = fix.lon();
            s.lastAccuracyM = fix.accuracyM();
            s.lastSource = fix.source();
            s.lastBatteryPct = fix.batteryPct();
            s.lastInArea = onMountain;
            s.lastInGap = onMountain && geo.inCoverageGap(fix.lon(), fix.lat());
            if (onMountain && s.enteredAt == 0) {
                s.enteredAt = ts;
                s.darkDueAt = afterDarkDue(ts, fix.lat(), fix.lon());
                queue(s, ctx, HikerState.ARM_DARK, ts, ts, s.darkDueAt);
            } else if (!onMountain && s.enteredAt != 0) {
                if (s.darkArmed()) {
                    queue(s, ctx, HikerState.DISARM_DARK, ts, s.enteredAt, 0);
                }
                s.enteredAt = 0;
                s.darkDueAt = 0;
            }
            long silenceDue = ts + silenceTimeout(s);
            if (s.watchAt == 0 || s.watchAt > silenceDue) {
                s.watchAt = silenceDue;
                ctx.registerEventTimeTimer(silenceDue);
            }
        }
        if (newest && !onMountain && s.pending.length == 0 && !s.stillArmed() && !s.darkArmed()
                && s.firedCalls.isEmpty()) {
            // Off the mountain with nothing in flight: no rule can fire, keep no state.
            state.clear();
            return;
        }
        boolean usable = !fix.hasAccuracy() || fix.accuracyM() <= params.trackAccuracyMaxM();
        if (onMountain && usable) {
            trackStillness(s, fix, newest, ctx);
        } else if (newest && !onMountain) {
            if (s.offTrail) {
                s.offTrail = false;
                queue(s, ctx, HikerState.TRAIL_ON, ts, 0, 0);
            }
            breakStillness(s, ts, ctx);
        }
        state.update(s);
    }

    private long silenceTimeout(HikerState s) {
        return (s.lastInGap ? params.signalLostInGap() : params.signalLost()).toMillis();
    }

    private long afterDarkDue(long enteredAt, double lat, double lon) {
        LocalDate day = Instant.ofEpochMilli(enteredAt).atZone(AlertTimes.ZONE).toLocalDate();
        long minInside = enteredAt + params.afterDarkMinInside().toMillis();
        Optional<ZonedDateTime> sunset = sun.sunset(day, lat, lon);
        // Polar day or night has no sunset: being inside long enough is all that is left to check.
        long dark = sunset.map(z -> z.toInstant().toEpochMilli() + params.afterSunset().toMillis()).orElse(minInside);
        return Math.max(minInside, dark);
    }

    private void trackStillness(HikerState s, LocationFix fix, boolean newest, TimerService ctx) {
        boolean off = offTrail(s, fix);
        long ts = fix.tsMillis();
        if (newest && off != s.offTrail) {
            s.offTrail = off;
            queue(s, ctx, off ? HikerState.TRAIL_OFF : HikerState.TRAIL_ON, ts, 0, 0);
        }
        if (!off) {
            if (newest) {
                breakStillness(s, ts, ctx);
            }
            return;
        }
        if (s.stillStart == 0) {
            startRun(s, fix);
            return;
        }
        double cLat = s.stillSumLat / s.stillCount;
        double cLon = s.stillSumLon / s.stillCount;
        if (approxDistanceM(fix.lat(), fix.lon(), cLat, cLon) > params.stillRadiusM()) {
            if (newest) {
                breakStillness(s, ts, ctx);
                startRun(s, fix);
            }
            return;
        }
        s.stillCount++;
        s.stillSumLat += fix.lat();
        s.stillSumLon += fix.lon();
        if (!s.stillArmed() && ts < s.stillStart) {
            s.stillStart = ts;
        }
        if (!s.stillArmed() && s.stillFiredFor != s.stillStart && s.stillCount >= params.stillMinFixes()) {
            s.stillDueAt = Math.max(s.stillStart + params.stillWindow().toMillis(), ts);
            queue(s, ctx, HikerState.ARM_STILL, Math.max(ts, s.lastTs), s.stillStart, s.stillDueAt);
        }
    }

    /** Off trail at the fix, reusing the last trail search while the answer cannot have changed. */
    private boolean offTrail(HikerState s, LocationFix fix) {
        if (!Double.isNaN(s.trailMarginM)) {
            double moved = approxDistanceM(fix.lat(), fix.lon(), s.trailLat, s.trailLon);
            if (Math.abs(s.trailMarginM) > moved) {
                return s.trailMarginM > 0;
            }
        }
        s.trailMarginM = geo.offTrailMarginM(fix.lon(), fix.lat());
        s.trailLat = fix.lat();
        s.trailLon = fix.lon();
        return s.trailMarginM > 0;
    }

    private static void startRun(HikerState s, LocationFix fix) {
        s.stillStart = fix.tsMillis();
        s.stillCount = 1;
        s.stillSumLat = fix.lat();
        s.stillSumLon = fix.lon();
        s.stillDueAt = 0;
    }

    private void breakStillness(HikerState s, long ts, TimerService ctx) {
        if (s.stillArmed()) {
            queue(s, ctx, HikerState.DISARM_STILL, ts, s.stillStart, 0);
        }
        s.stillStart = 0;
        s.stillCount = 0;
        s.stillSumLat = 0;
        s.stillSumLon = 0;
        s.stillDueAt = 0;
    }

    /** Equirectangular distance: exact enough at the tens of metres stillness works with, and cheap. */
    static double approxDistanceM(double lat1, double lon1, double lat2, double lon2) {
        double dy = (lat1 - lat2) * 110_540.0;
        double dx = (lon1 - lon2) * 111_320.0 * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        return Math.sqrt(dx * dx + dy * dy);
    }

    private static void queue(HikerState s, TimerService ctx, long kind, long ts, long armId, long dueAt) {
        s.addPending(kind, ts, armId, dueAt);
        ctx.registerEventTimeTimer(ts);
        if (dueAt != 0) {
            ctx.registerEventTimeTimer(dueAt);
        }
    }

    // ---- calls: distress-call fires on the call itself

    @Override
    public void processElement2(EmergencyCall call, Context ctx, Collector<Alert> out) throws Exception {
        double slack = call.hasAccuracy() ? Math.min(call.accuracyM(), params.callAccuracyCapM()) : 0;
        Optional<AreaDistance> near = geo.mountainNear(call.lon(), call.lat(), slack);
        if (near.isEmpty()) {
            return;
        }
        HikerState s = state.value();
        if (s != null && s.firedCall(call.callId())) {
            return;
        }
        if (s == null) {
            s = new HikerState();
        }
        s.rememberCall(call.callId());
        s.lastCallTs = Math.max(s.lastCallTs, call.tsMillis());
        if (s.watchAt == 0) {
            s.watchAt = call.tsMillis() + params.stateTtl().toMillis();
            ctx.timerService().registerEventTimeTimer(s.watchAt);
        }
        state.update(s);
        out.collect(distressAlert(call, s));
    }

    private Alert distressAlert(EmergencyCall call, HikerState s) {
        boolean urgent = "LOST".equals(call.category()) || "TRAPPED".equals(call.category()) || saysLost(call.text());
        String subject = call.deviceId() != null ? call.deviceId() : call.callId();
        String incident = call.deviceId() != null ? HikerRules.deviceIncident(call.deviceId()) : HikerRules.callIncident(call.callId());
        List<Alert.Evidence> evidence = new ArrayList<>(2);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("lat", call.lat());
        v.put("lon", call.lon());
        if (call.hasAccuracy()) {
            v.put("accuracyM", call.accuracyM());
        }
        putIfPresent(v, "callerId", call.callerId());
        putIfPresent(v, "deviceId", call.deviceId());
        putIfPresent(v, "category", call.category());
        putIfPresent(v, "text", call.text());
        evidence.add(new Alert.Evidence(topics.calls(), call.callId(), call.ts(), v));
        LostPersonAlerts.Position pos = new LostPersonAlerts.Position(call.lat(), call.lon(), call.tsMillis(), call.ts(),
                call.accuracyOrNull(), "CALL");
        if (s.hasFix() && s.lastTs <= call.tsMillis()) {
            evidence.add(lastFixEvidence(call.deviceId(), s));
            double callAcc = call.hasAccuracy() ? call.accuracyM() : Double.MAX_VALUE;
            double fixAcc = Double.isNaN(s.lastAccuracyM) ? Double.MAX_VALUE - 1 : s.lastAccuracyM;
            if (fixAcc < callAcc) {
                pos = lastPosition(s);
            }
        }
        String[] place = alerts.placeNames(call.lat(), call.lon());
        String what = urgent ? "person lost or trapped" : "caller needs help";
        String whatZh = urgent ? "有人迷路或被困" : "求助";
        return alerts.build(new LostPersonAlerts.Draft(HikerRules.DISTRESS_CALL, urgent ? Severity.CRITICAL : Severity.HIGH,
                subject, incident, call.tsMillis(), call.callId(),
                "Emergency call on " + place[0] + ": " + what, place[1] + "报警电话：" + whatZh, evidence),
                pos, wallClock.getAsLong());
    }

    private boolean saysLost(String text) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        for (String k : params.distressKeywords()) {
            if (t.contains(k.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static void putIfPresent(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    // ---- timers: advance Esper, feed due transitions, drain matches, silence watch

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        esper.advanceTo(timestamp);
        releaseHeld(timestamp, ctx.timerService());
        HikerState s = state.value();
        String device = ctx.getCurrentKey();
        if (s == null) {
            // Nothing can match for a device without state; never let the buffer keep it.
            esper.drain(device);
            return;
        }
        if (s.esperEpoch != esperEpoch) {
            rearm(s, device);
            s.esperEpoch = esperEpoch;
        }
        feedDueTransitions(s, device, timestamp);
        for (HikerEsper.Match m : esper.drain(device)) {
            onMatch(s, device, m, out);
        }
        if (s.watchAt != 0 && timestamp >= s.watchAt) {
            watch(s, device, timestamp, ctx, out);
        }
        boolean idle = s.pending.length == 0 && !s.stillArmed() && !s.darkArmed();
        if (idle && (s.watchAt == 0 || !s.lastInArea && s.firedCalls.isEmpty())) {
            state.clear();
        } else {
            state.update(s);
        }
    }

    private void releaseHeld(long now, TimerService timers) throws Exception {
        Iterable<LocationFix> all = held.get();
        if (all == null || !all.iterator().hasNext()) {
            return;
        }
        List<LocationFix> due = new ArrayList<>();
        List<LocationFix> later = new ArrayList<>();
        long lead = params.maxStateLead().toMillis();
        for (LocationFix f : all) {
            (f.tsMillis() - lead <= now ? due : later).add(f);
        }
        if (due.isEmpty()) {
            return;
        }
        held.update(later);
        due.sort(java.util.Comparator.comparingLong(LocationFix::tsMillis));
        for (LocationFix f : due) {
            onFix(f, state.value(), geo.onMountain(f.lon(), f.lat()), timers);
        }
    }

    /** Episodes armed in a previous runtime (before a restart) that are not waiting in pending. */
    private void rearm(HikerState s, String device) {
        if (s.stillArmed() && !pendingHas(s, HikerState.ARM_STILL, s.stillStart)) {
            esper.arm(HikerRules.OFF_TRAIL_STATIONARY, device, s.stillStart, s.stillDueAt);
        }
        if (s.darkArmed() && !pendingHas(s, HikerState.ARM_DARK, s.enteredAt)) {
            esper.arm(HikerRules.AFTER_DARK, device, s.enteredAt, s.darkDueAt);
        }
    }

    private static boolean pendingHas(HikerState s, long kind, long armId) {
        for (int i = 0; i < s.pending.length; i += HikerState.PENDING_STRIDE) {
            if (s.pending[i] == kind && s.pending[i + 2] == armId) {
                return true;
            }
        }
        return false;
    }

    private void feedDueTransitions(HikerState s, String device, long now) {
        long[] p = s.pending;
        if (p.length == 0) {
            return;
        }
        int n = p.length / HikerState.PENDING_STRIDE;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(p[a * HikerState.PENDING_STRIDE + 1], p[b * HikerState.PENDING_STRIDE + 1]));
        long[] keep = new long[p.length];
        int kept = 0;
        for (int idx : order) {
            int o = idx * HikerState.PENDING_STRIDE;
            if (p[o + 1] > now) {
                System.arraycopy(p, o, keep, kept, HikerState.PENDING_STRIDE);
                kept += HikerState.PENDING_STRIDE;
                continue;
            }
            long kind = p[o];
            if (kind == HikerState.TRAIL_OFF || kind == HikerState.TRAIL_ON) {
                s.offTrailAtClock = kind == HikerState.TRAIL_OFF;
            } else if (kind == HikerState.ARM_STILL) {
                esper.arm(HikerRules.OFF_TRAIL_STATIONARY, device, p[o + 2], p[o + 3]);
            } else if (kind == HikerState.DISARM_STILL) {
                esper.disarm(HikerRules.OFF_TRAIL_STATIONARY, device, p[o + 2]);
            } else if (kind == HikerState.ARM_DARK) {
                esper.arm(HikerRules.AFTER_DARK, device, p[o + 2], p[o + 3]);
            } else {
                esper.disarm(HikerRules.AFTER_DARK, device, p[o + 2]);
            }
        }
        s.pending = java.util.Arrays.copyOf(keep, kept);
    }

    private void onMatch(HikerState s, String device, HikerEsper.Match m, Collector<Alert> out) {
        if (HikerRules.OFF_TRAIL_STATIONARY.equals(m.rule())) {
            if (s.stillStart == m.armId()) {
                s.stillDueAt = 0;
            }
            if (s.stillFiredFor == m.armId()) {
                return;
            }
            s.stillFiredFor = m.armId();
            long eventTime = m.dueAt();
            String[] place = alerts.placeNames(s.lastLat, s.lastLon);
            long minutes = Math.round((eventTime - m.armId()) / 60_000.0);
            List<Alert.Evidence> ev = new ArrayList<>(2);
            if (s.stillCount > 0 && s.stillStart == m.armId()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("centroidLat", round6(s.stillSumLat / s.stillCount));
                v.put("centroidLon", round6(s.stillSumLon / s.stillCount));
                v.put("fixes", s.stillCount);
                v.put("stillSince", AlertTimes.iso(m.armId()));
                ev.add(new Alert.Evidence(topics.locations(), device, AlertTimes.iso(m.armId()), v));
            }
            ev.add(lastFixEvidence(device, s));
            out.collect(alerts.build(new LostPersonAlerts.Draft(HikerRules.OFF_TRAIL_STATIONARY, Severity.HIGH, device,
                    HikerRules.deviceIncident(device), eventTime, Severity.HIGH.name(),
                    "Phone stationary off trail for " + minutes + " min on " + place[0],
                    place[1] + "：手机偏离步道静止" + minutes + "分钟", ev), lastPosition(s), wallClock.getAsLong()));
        } else if (HikerRules.AFTER_DARK.equals(m.rule())) {
            if (s.enteredAt == m.armId()) {
                s.darkDueAt = 0;
            }
            if (s.darkFiredFor == m.armId()) {
                return;
            }
            s.darkFiredFor = m.armId();
            long eventTime = m.dueAt();
            Severity sev = s.offTrailAtClock ? Severity.HIGH : Severity.MEDIUM;
            String[] place = alerts.placeNames(s.lastLat, s.lastLon);
            Map<String, Object> entered = new LinkedHashMap<>();
            entered.put("enteredAt", AlertTimes.iso(m.armId()));
            entered.put("offTrail", s.offTrailAtClock);
            List<Alert.Evidence> ev = List.of(new Alert.Evidence(topics.locations(), device, AlertTimes.iso(m.armId()), entered),
                    lastFixEvidence(device, s));
            out.collect(alerts.build(new LostPersonAlerts.Draft(HikerRules.AFTER_DARK, sev, device,
                    HikerRules.deviceIncident(device), eventTime, sev.name(),
                    "Still on " + place[0] + " after dark" + (s.offTrailAtClock ? ", off trail" : ""),
                    "天黑后仍在" + place[1] + (s.offTrailAtClock ? "（偏离步道）" : ""), ev), lastPosition(s), wallClock.getAsLong()));
        }
    }

    private void watch(HikerState s, String device, long now, OnTimerContext ctx, Collector<Alert> out) {
        s.watchAt = 0;
        if (s.hasFix() && s.lastInArea && s.signalLostFiredFor != s.lastTs) {
            long due = s.lastTs + silenceTimeout(s);
            if (due > now) {
                s.watchAt = due;
                ctx.timerService().registerEventTimeTimer(due);
                return;
            }
            s.signalLostFiredFor = s.lastTs;
            String[] place = alerts.placeNames(s.lastLat, s.lastLon);
            long minutes = Math.round(silenceTimeout(s) / 60_000.0);
            out.collect(alerts.build(new LostPersonAlerts.Draft(HikerRules.SIGNAL_LOST, Severity.HIGH, device,
                    HikerRules.deviceIncident(device), due, Severity.HIGH.name(),
                    "Phone silent for " + minutes + " min on " + place[0] + (s.lastInGap ? " (last seen in a coverage gap)" : ""),
                    place[1] + "：手机失联" + minutes + "分钟" + (s.lastInGap ? "（最后位置在无信号区）" : ""),
                    List.of(lastFixEvidence(device, s))), lastPosition(s), wallClock.getAsLong()));
        }
        long lastActivity = Math.max(s.hasFix() ? s.lastTs : Long.MIN_VALUE, s.lastCallTs);
        long expiry = lastActivity + params.stateTtl().toMillis();
        if (expiry > now) {
            s.watchAt = expiry;
            ctx.timerService().registerEventTimeTimer(expiry);
        }
    }

    private Alert.Evidence lastFixEvidence(String device, HikerState s) {
        return LostPersonAlerts.fixEvidence(topics.locations(), device, s.lastTsText(), s.lastLat, s.lastLon,
                Double.isNaN(s.lastAccuracyM) ? null : s.lastAccuracyM, s.lastSource, s.lastBatteryPct);
    }

    private static LostPersonAlerts.Position lastPosition(HikerState s) {
        return new LostPersonAlerts.Position(s.lastLat, s.lastLon, s.lastTs, s.lastTsText(),
                Double.isNaN(s.lastAccuracyM) ? null : s.lastAccuracyM, s.lastSource);
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
