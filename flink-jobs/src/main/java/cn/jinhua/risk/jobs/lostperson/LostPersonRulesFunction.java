package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.rules.EventTimeEsper;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.LiveFollower;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import com.espertech.esper.common.client.EPCompiled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the four lost-person rules for one key: a device id for fixes and for calls that name
 * their device, {@code call#<callId>} for calls without one. It owns the keyed state
 * ({@link HikerState}), the event-time timers and the subtask's Esper runtime, and routes fixes,
 * calls, timers and Esper matches to the rules ({@link DistressCallRule},
 * {@link OffTrailStationaryRule}, {@link AfterDarkRule}, {@link SignalLostRule}), whose verdicts
 * {@link LostPersonPresenter} turns into alerts.
 *
 * <p>Per fix only a keyed-state check runs (on the mountain? off trail? still? newest fix?); the
 * two episode rules are Esper patterns fed only with transitions (went still off trail / moved,
 * entered / left the mountain). Each transition waits in keyed state for an event-time timer at
 * its own timestamp; the timer first advances the subtask's Esper clock to that time, then feeds
 * it, so Esper sees transitions in event-time order and its clock follows the watermark. Matches
 * are drained in the matching device's own timer at the episode's due time.
 *
 * <p>Input assumptions: timestamps and watermarks assigned; records behind the watermark were
 * routed to the dead letters upstream; fixes may arrive out of order within the bound (an older
 * fix only counts towards stillness, it never causes a transition); duplicates are ignored.
 * Everything that must survive a restart is in {@link HikerState}; the Esper runtime is re-armed
 * from it per device on that device's next timer. Alerts carry deterministic ids.
 *
 * <p>Fixes and calls arrive on one keyed input ({@link HikerInput}); live changes
 * ({@code docs/rules.md} "Changing rules live") on the broadcast input as the newest
 * {@link LiveRules} snapshot, already validated, kept in broadcast state (checkpointed). The rules'
 * parameters, whether each is on, and the versions the alerts carry follow the snapshot from the
 * next record or timer on; before the first snapshot they are this operator's parameters. So does
 * the world ({@link cn.jinhua.risk.jobs.world.LiveWorld}): zones, trails, coverage gaps and teams changed live, each world
 * change counting until its expiry passes the operator's event time (the watermark for a record,
 * the timer's time for a timer). A device's state is not judged again when the world changes: its
 * next fix is judged in the new world.
 */
public class LostPersonRulesFunction extends KeyedBroadcastProcessFunction<String, HikerInput, String, Alert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LostPersonRulesFunction.class);
    public static final String CALL_KEY_PREFIX = "call#";
    /** The rules this operator decides, whose live changes it follows. */
    public static final List<String> HIKER_RULES = List.of(DistressCallRule.RULE.id(), OffTrailStationaryRule.RULE.id(),
            AfterDarkRule.RULE.id(), SignalLostRule.RULE.id());

    private final HikerRuleParams params;
    private final WorldSnapshot world;
    private final EPCompiled epl;
    private final FeedTopics topics;
    private final WallClock wallClock;

    private transient ListState<LocationFix> held;
    /** The live rules. */
    private transient Version live;
    /** The shadow versions beside them, null while none runs. */
    private transient Version shadow;
    private transient EventTimeEsper<HikerEpisodes.Match> esper;
    private transient long esperEpoch;
    private transient EventTimeEsper<HikerEpisodes.Match> shadowEsper;
    private transient long shadowEsperEpoch;
    private transient RuleFailures failures;
    /** The shadow versions {@link #shadowEsper} was started for. */
    private transient Map<String, Integer> shadowEsperFor;
    private transient LiveFollower follower;
    /** Whether a module that is not the catalogue's is deployed, whose waits no device's timer may cover. */
    private transient boolean customModules;

    /** Supplies detectedAt; serializable so tests can pin it. */
    public interface WallClock extends LongSupplier, java.io.Serializable {
    }

    public LostPersonRulesFunction(HikerRuleParams params, WorldSnapshot world, EPCompiled epl, FeedTopics topics) {
        this(params, world, epl, topics, System::currentTimeMillis);
    }

    public LostPersonRulesFunction(HikerRuleParams params, WorldSnapshot world, EPCompiled epl, FeedTopics topics,
                                   WallClock wallClock) {
        this.params = params;
        this.world = world;
        this.epl = epl;
        this.topics = topics;
        this.wallClock = wallClock;
    }

    /** The event types the lost-person EPL reads (a rule's EPL compiles against them). */
    public static String eventSchema() {
        return HikerEpisodes.SCHEMA;
    }

    /**
     * The event types the episode rules' EPL reads, compiled; call once on the client. The rules'
     * own modules are compiled against them and deployed per rule version in the operator
     * ({@link EventTimeEsper#deployRule}): the catalogue's at start, a live change's when it comes.
     */
    public static EPCompiled compileEpl() {
        return EventTimeEsper.compile("the lost-person event types", HikerEpisodes.SCHEMA);
    }

    /** The rules whose episodes are EPL, each a module of its own. */
    public static final List<String> EPL_RULES = List.of(OffTrailStationaryRule.RULE.id(), AfterDarkRule.RULE.id());
    /** What a match of an episode rule is made of: the fields its statement must select. */
    public static final Map<String, Class<?>> EPL_OUTPUT = Map.of("deviceId", String.class, "rule", String.class,
            "armId", Long.class, "dueAt", Long.class);
    /** Keys fixes by device, a call by its device, so it joins the device's incident, or by its own id. */
    public static KeySelector<HikerInput, String> key() {
        return HikerInput::key;
    }

    public static ValueStateDescriptor<HikerState> stateDescriptor() {
        return new ValueStateDescriptor<>("hiker", HikerState.class);
    }

    private static ListStateDescriptor<LocationFix> heldFixesDescriptor() {
        return new ListStateDescriptor<>("hiker-held-fixes", LocationFix.class);
    }

    /** The shadow versions' own state per device, empty while none runs; cleared whenever they change. */
    public static ValueStateDescriptor<HikerState> shadowStateDescriptor() {
        return new ValueStateDescriptor<>("hiker-shadow", HikerState.class);
    }

    /** The keyed state this operator keeps (every one must restore in the next build). */
    public static List<StateDescriptor<?, ?>> states() {
        return List.of(stateDescriptor(), heldFixesDescriptor(), shadowStateDescriptor());
    }

    @Override
    public void open(OpenContext ctx) {
        held = getRuntimeContext().getListState(heldFixesDescriptor());
        follower = new LiveFollower(world);
        esper = newEsper("hiker-");
        // Identifies this runtime instance: a device whose state carries another epoch has episodes
        // armed in a runtime that no longer exists (restart) and is re-armed on its next timer.
        esperEpoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        use(null);
        failures = new RuleFailures("lost-person rules", getRuntimeContext());
    }

    private EventTimeEsper<HikerEpisodes.Match> newEsper(String prefix) {
        return new EventTimeEsper<>(epl, prefix + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                HikerEpisodes.Match::of, HikerEpisodes.Match::deviceId);
    }

    /**
     * Deploys each episode rule's module as {@code rules} has it (null: the catalogue's) where it
     * is not the one deployed: new EPL, or new values for a module that binds them.
     *
     * @return whether a module was replaced: the episodes armed in the old one must be armed again
     */
    private boolean deployModules(EventTimeEsper<HikerEpisodes.Match> runtime, LiveRules rules, HikerRuleParams p) {
        boolean replaced = false;
        for (String id : EPL_RULES) {
            String text = rules == null ? RuleCatalogue.packaged().require(id).epl() : rules.rule(id).epl();
            try {
                replaced |= runtime.useRule(id, epl, text, p.valuesOf(id));
            } catch (IllegalStateException e) {
                // The validator deployed this module before accepting it; one that no longer
                // deploys is a defect, and the rule keeps the module it had.
                LOG.error("rule {} keeps its EPL: {}", id, e.getMessage());
            }
        }
        return replaced;
    }

    /**
     * The rules as {@code live} has them (null before the first snapshot: this operator's
     * parameters, every rule on), over the world in use, and the shadow versions beside them, with
     * their own Esper runtime (a new one whenever the shadow versions change).
     */
    private void use(LiveRules rules) {
        customModules = rules != null && EPL_RULES.stream().anyMatch(id -> {
            String catalogue = RuleCatalogue.packaged().require(id).epl();
            LiveRules.LiveRule r = rules.rule(id);
            return !catalogue.equals(r.epl()) || r.shadow() != null && !catalogue.equals(r.shadow().epl());
        });
        HikerRuleParams p = paramsOf(rules);
        if (deployModules(esper, rules, p)) {
            esperEpoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        }
        this.live = new Version(p, rules, LiveRules.disabled(rules), false,
                getRuntimeContext().getState(stateDescriptor()), esper, esperEpoch);
        Set<String> shadowed = LiveRules.shadowed(rules);
        shadowed.retainAll(HIKER_RULES);
        if (shadowed.isEmpty()) {
            closeShadowEsper();
            shadow = null;
            return;
        }
        LiveRules asShadow = rules.asShadow();
        Map<String, Integer> versions = LiveRules.shadowVersions(rules.toJson(), HIKER_RULES);
        if (shadowEsper == null || !versions.equals(shadowEsperFor)) {
            closeShadowEsper();
            shadowEsper = newEsper("hiker-shadow-");
            shadowEsperFor = versions;
            shadowEsperEpoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        }
        HikerRuleParams shadowParams = paramsOf(asShadow);
        if (deployModules(shadowEsper, asShadow, shadowParams)) {
            shadowEsperEpoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        }
        Set<String> silent = new HashSet<>(HIKER_RULES);
        silent.removeAll(shadowed);
        silent.addAll(LiveRules.disabled(asShadow));
        shadow = new Version(shadowParams, asShadow, silent, true,
                getRuntimeContext().getState(shadowStateDescriptor()), shadowEsper, shadowEsperEpoch);
    }

    /**
     * The devices other than {@code current} given a match since the last call: a clock advance in
     * one device's timer can complete another device's pattern, whose match waits for that
     * device's own timer ({@link LostPersonRulesOperator} sets one at once).
     */
    Set<String> devicesMatchedBesides(String current) {
        Set<String> live = esper.takeMatchedKeys();
        Set<String> shadowed = shadowEsper == null ? Set.of() : shadowEsper.takeMatchedKeys();
        if (live.isEmpty() && shadowed.isEmpty()) {
            return Set.of();
        }
        Set<String> matched = new HashSet<>(live);
        matched.addAll(shadowed);
        matched.remove(current);
        return matched;
    }

    /**
     * The next time a module waits for, while a module that is not the catalogue's is deployed
     * (Long.MAX_VALUE otherwise): the catalogue's modules wait only until due times, each a timer
     * of its device; another module may wait until a time no timer covers.
     */
    long nextModuleTime() {
        if (!customModules) {
            return Long.MAX_VALUE;
        }
        long next = esper.nextScheduledTime();
        return shadowEsper == null ? next : Math.min(next, shadowEsper.nextScheduledTime());
    }

    private void closeShadowEsper() {
        if (shadowEsper != null) {
            shadowEsper.close();
            shadowEsper = null;
        }
    }

    private HikerRuleParams paramsOf(LiveRules rules) {
        HikerRuleParams p = params;
        if (rules != null) {
            for (String id : HIKER_RULES) {
                p = p.withRule(id, rules.rule(id).parameters());
            }
        }
        return p;
    }

    /** Follows the live rules and the world from this record or timer on, when they changed. */
    private void followLive(ReadOnlyBroadcastState<String, String> broadcast, long eventTime) throws Exception {
        if (follower.changed(broadcast, eventTime)) {
            use(follower.rules());
        }
    }

    /**
     * Keeps the newest live snapshot; the rules follow it from the next record or timer. When the
     * shadow versions change (one starts, is promoted or stops), their state is dropped for every
     * device: a new shadow starts from nothing.
     */
    @Override
    public void processBroadcastElement(String liveJson, Context ctx, Collector<Alert> out) throws Exception {
        BroadcastState<String, String> broadcast = ctx.getBroadcastState(LiveRules.BROADCAST);
        String before = broadcast.get(LiveRules.KEY);
        broadcast.put(LiveRules.KEY, liveJson);
        if (!LiveRules.shadowVersions(before, HIKER_RULES).equals(LiveRules.shadowVersions(liveJson, HIKER_RULES))) {
            ctx.applyToKeyedState(shadowStateDescriptor(), (key, state) -> state.clear());
        }
    }

    @Override
    public void processElement(HikerInput in, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        followLive(ctx.getBroadcastState(LiveRules.BROADCAST), ctx.timerService().currentWatermark());
        if (in.fix != null) {
            processFix(in.fix, ctx);
        } else {
            processCall(in.call, ctx, out);
        }
    }

    @Override
    public void close() {
        if (esper != null) {
            esper.close();
        }
        closeShadowEsper();
    }

    /** The current key's timers, as the rules see them. */
    private record Timers(TimerService timers) implements HikerTimers {
        @Override
        public void queue(HikerState s, long kind, long ts, long armId, long dueAt) {
            s.addPending(kind, ts, armId, dueAt);
            timers.registerEventTimeTimer(ts);
            if (dueAt != 0) {
                timers.registerEventTimeTimer(dueAt);
            }
        }

        @Override
        public void wakeAt(long time) {
            timers.registerEventTimeTimer(time);
        }
    }

    // ---- fixes: a keyed-state check each, transitions queued for Esper

    private void processFix(LocationFix fix, ReadOnlyContext ctx) throws Exception {
        try {
            onFix(fix, ctx);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.output(RuleFailures.DEAD_LETTERS, failures.record(topics.locations(), fix.partition(), fix.offset(), fix, e));
        }
    }

    private void onFix(LocationFix fix, ReadOnlyContext ctx) throws Exception {
        boolean onMountain = live.geo.onMountain(fix.lon(), fix.lat());
        if (!onMountain && live.state.value() == null && (shadow == null || shadow.state.value() == null)
                && !held.get().iterator().hasNext()) {
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
        HikerTimers timers = new Timers(ctx.timerService());
        live.onFix(fix, onMountain, timers);
        if (shadow != null) {
            shadow.onFix(fix, onMountain, timers);
        }
    }

    // ---- calls: distress-call fires on the call itself

    private void processCall(EmergencyCall call, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        try {
            live.onCall(call, ctx, out);
            if (shadow != null) {
                shadow.onCall(call, ctx, out);
            }
        } catch (RuntimeException | StackOverflowError e) {
            ctx.output(RuleFailures.DEAD_LETTERS, failures.record(topics.calls(), call.partition(), call.offset(), call, e));
        }
    }

    // ---- timers: advance Esper, feed due transitions, drain matches, silence watch

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        try {
            followLive(ctx.getBroadcastState(LiveRules.BROADCAST), timestamp);
            live.esper.advanceTo(timestamp);
            if (shadow != null) {
                shadow.esper.advanceTo(timestamp);
            }
            HikerTimers timers = new Timers(ctx.timerService());
            releaseHeld(timestamp, timers);
            live.onTime(timestamp, ctx.getCurrentKey(), timers, out);
            if (shadow != null) {
                shadow.onTime(timestamp, ctx.getCurrentKey(), timers, out);
            }
        } catch (RuntimeException | StackOverflowError e) {
            ctx.output(RuleFailures.DEAD_LETTERS, failures.timer(ctx.getCurrentKey(), timestamp, e));
        }
    }

    private void releaseHeld(long now, HikerTimers timers) throws Exception {
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
        due.sort(Comparator.comparingLong(LocationFix::tsMillis));
        for (LocationFix f : due) {
            boolean onMountain = live.geo.onMountain(f.lon(), f.lat());
            live.onFix(f, onMountain, timers);
            if (shadow != null) {
                shadow.onFix(f, onMountain, timers);
            }
        }
    }

    /**
     * The four rules of one version over the world in use, with their own keyed state and Esper
     * runtime: the live version, or the shadow versions beside it (every rule with a shadow at its
     * shadow's values, the others silent), whose alerts are marked {@code shadow}.
     */
    private final class Version {
        final ValueState<HikerState> state;
        final HikerGeo geo;
        final EventTimeEsper<HikerEpisodes.Match> esper;
        private final long epoch;
        private final LostPersonPresenter presenter;
        private final DistressCallRule distressCall;
        private final OffTrailStationaryRule offTrailStationary;
        private final AfterDarkRule afterDark;
        private final SignalLostRule signalLost;
        private final Set<String> disabled;

        Version(HikerRuleParams p, LiveRules rules, Set<String> disabled, boolean shadow, ValueState<HikerState> state,
                EventTimeEsper<HikerEpisodes.Match> esper, long epoch) {
            this.state = state;
            this.esper = esper;
            this.epoch = epoch;
            this.disabled = disabled;
            geo = new HikerGeo(follower.world().world(), p, follower.world().stamp());
            presenter = new LostPersonPresenter(geo, p, topics);
            presenter.versions(rules, shadow);
            distressCall = new DistressCallRule(p.distressCall(), geo);
            offTrailStationary = new OffTrailStationaryRule(p.offTrailStationary(), geo);
            afterDark = new AfterDarkRule(p.afterDark());
            signalLost = new SignalLostRule(p.signalLost());
        }

        /** The rules' alerts, less those of rules turned off. */
        private Collector<Alert> enabledOnly(Collector<Alert> out) {
            if (disabled.isEmpty()) {
                return out;
            }
            return new Collector<>() {
                @Override
                public void collect(Alert a) {
                    if (!disabled.contains(a.ruleId())) {
                        out.collect(a);
                    }
                }

                @Override
                public void close() {
                    out.close();
                }
            };
        }

        void onFix(LocationFix fix, boolean onMountain, HikerTimers timers) throws Exception {
            HikerState s = state.value();
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
                afterDark.onFix(s, ts, fix.lat(), fix.lon(), onMountain, timers);
                signalLost.onFix(s, ts, timers);
            }
            if (newest && !onMountain && s.pending.length == 0 && !s.stillArmed() && !s.darkArmed()
                    && s.firedCalls.isEmpty()) {
                // Off the mountain with nothing in flight: no rule can fire, keep no state.
                state.clear();
                return;
            }
            if (onMountain && offTrailStationary.usable(fix)) {
                offTrailStationary.onFix(s, fix, newest, timers);
            } else if (newest && !onMountain) {
                offTrailStationary.onLeftMountain(s, ts, timers);
            }
            state.update(s);
        }

        void onCall(EmergencyCall call, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
            if (!distressCall.onMountain(call)) {
                return;
            }
            HikerState s = state.value();
            if (s == null) {
                s = new HikerState();
            }
            var verdict = distressCall.onCall(s, call);
            if (verdict.isEmpty()) {
                return;
            }
            if (s.watchAt == 0) {
                s.watchAt = call.tsMillis() + params.stateTtl().toMillis();
                ctx.timerService().registerEventTimeTimer(s.watchAt);
            }
            state.update(s);
            enabledOnly(out).collect(presenter.distressCall(verdict.get(), wallClock.getAsLong()));
        }

        /** After the Esper clock moved to {@code timestamp} and held fixes were released. */
        void onTime(long timestamp, String device, HikerTimers timers, Collector<Alert> all) throws Exception {
            Collector<Alert> out = enabledOnly(all);
            HikerState s = state.value();
            if (s == null) {
                // Nothing can match for a device without state; never let the buffer keep it.
                esper.drain(device);
                return;
            }
            if (s.esperEpoch != epoch) {
                rearm(s, device);
                s.esperEpoch = epoch;
            }
            feedDueTransitions(s, device, timestamp);
            for (HikerEpisodes.Match m : esper.drain(device)) {
                if (OffTrailStationaryRule.RULE.id().equals(m.rule())) {
                    offTrailStationary.onMatch(s, device, m).ifPresent(v ->
                            out.collect(presenter.offTrailStationary(v, s.lastPosition(), wallClock.getAsLong())));
                } else if (AfterDarkRule.RULE.id().equals(m.rule())) {
                    afterDark.onMatch(s, device, m).ifPresent(v ->
                            out.collect(presenter.afterDark(v, s.lastPosition(), wallClock.getAsLong())));
                }
            }
            if (s.watchAt != 0 && timestamp >= s.watchAt) {
                watch(s, device, timestamp, timers, out);
            }
            boolean idle = s.pending.length == 0 && !s.stillArmed() && !s.darkArmed();
            if (idle && (s.watchAt == 0 || !s.lastInArea && s.firedCalls.isEmpty())) {
                state.clear();
            } else {
                state.update(s);
            }
        }

        /** Episodes armed in a previous runtime (before a restart) that are not waiting in pending. */
        private void rearm(HikerState s, String device) {
            if (s.stillArmed() && !pendingHas(s, HikerState.ARM_STILL, s.stillStart)) {
                arm(OffTrailStationaryRule.RULE.id(), device, s.stillStart, s.stillDueAt);
            }
            if (s.darkArmed() && !pendingHas(s, HikerState.ARM_DARK, s.enteredAt)) {
                arm(AfterDarkRule.RULE.id(), device, s.enteredAt, s.darkDueAt);
            }
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
            Arrays.sort(order, (a, b) -> Long.compare(p[a * HikerState.PENDING_STRIDE + 1], p[b * HikerState.PENDING_STRIDE + 1]));
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
                    arm(OffTrailStationaryRule.RULE.id(), device, p[o + 2], p[o + 3]);
                } else if (kind == HikerState.DISARM_STILL) {
                    esper.send(HikerEpisodes.disarmed(OffTrailStationaryRule.RULE.id(), device, p[o + 2]), HikerEpisodes.DISARMED);
                } else if (kind == HikerState.ARM_DARK) {
                    arm(AfterDarkRule.RULE.id(), device, p[o + 2], p[o + 3]);
                } else {
                    esper.send(HikerEpisodes.disarmed(AfterDarkRule.RULE.id(), device, p[o + 2]), HikerEpisodes.DISARMED);
                }
            }
            s.pending = Arrays.copyOf(keep, kept);
        }

        /** Starts an episode that matches unless disarmed before {@code dueAt}; a due time already reached matches at once. */
        private void arm(String rule, String device, long armId, long dueAt) {
            long wait = dueAt - esper.now();
            if (wait <= 0) {
                esper.add(new HikerEpisodes.Match(rule, device, armId, dueAt));
            } else {
                esper.send(HikerEpisodes.armed(rule, device, armId, dueAt, wait), HikerEpisodes.ARMED);
            }
        }

        private void watch(HikerState s, String device, long now, HikerTimers timers, Collector<Alert> out) {
            s.watchAt = 0;
            var verdict = signalLost.onWatch(s, device, now, timers);
            if (s.watchAt != 0) {
                return;
            }
            verdict.ifPresent(v -> out.collect(presenter.signalLost(v, s.lastPosition(), wallClock.getAsLong())));
            long lastActivity = Math.max(s.hasFix() ? s.lastTs : Long.MIN_VALUE, s.lastCallTs);
            long expiry = lastActivity + params.stateTtl().toMillis();
            if (expiry > now) {
                s.watchAt = expiry;
                timers.wakeAt(expiry);
            }
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
}
