package cn.jinhua.risk.bench.jobs;

import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.lostperson.HikerGeo;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.lostperson.OffTrailStationaryRule;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * {@code hiker.signal-lost} and {@code hiker.off-trail-stationary} written in Flink CEP, for the
 * speed harness only: the job's parameters (catalogue defaults), its geofence lookups, and its
 * alerts (rule, device, event time), stated as CEP patterns over each device's fixes in event time.
 *
 * <p><b>Geofence.</b> Each fix is looked up once, before the patterns, as the job looks it up once
 * per fix: on the mountain, in a coverage gap (only when on it), usable (accuracy within
 * {@code trackAccuracyMaxM}, or none), and off trail (only when on the mountain and usable). The
 * conditions read those answers, so a condition tried once per partial match costs no lookup.
 *
 * <p><b>Signal lost</b> ({@code docs/rules.md}): the device's newest fix was on the mountain and no
 * newer fix came for 45 min, 3 h when that fix lay in a coverage gap. CEP has one window per
 * pattern, so these are two patterns, each a fix on the mountain (outside, or inside, a gap)
 * {@code notFollowedBy} any fix {@code within} its wait. A pattern that ends in notFollowedBy
 * emits when its window closes, at the fix's time plus the wait, as the job's timer does. Any
 * newer fix ends the wait; an inaccurate fix still counts as seen, as in the job.
 *
 * <p><b>Off trail and still</b>: a still run starts at a usable fix off trail on the mountain;
 * each next such fix within {@code stillRadiusM} of the running centroid of the run joins it; any
 * other fix (back on a trail, off the mountain, or farther than the radius) breaks it. The alert
 * comes when a run of at least {@code stillMinFixes} fixes is unbroken 20 min after its first fix.
 * Fixes on the mountain too inaccurate to track are not read by the run, so this pattern reads the
 * fixes without them. As CEP: {@code first} (off trail), then {@code still} (near the centroid of
 * every fix taken so far: an {@link IterativeCondition}) {@code oneOrMore().optional().consecutive()},
 * then {@code next} {@code moved} (not near), {@code within} 20 min, with the after-match skip
 * strategy {@code skipToLast("moved")}. A complete match is a run that broke: nothing to raise, and
 * the skip strategy drops every partial match that started before the breaking fix, as the job
 * forgets a broken run (the breaking fix may start the next one). A partial match that times out
 * is a run that held for the whole window: {@link TimedOutPartialMatchHandler} raises it when it
 * has at least {@code stillMinFixes} fixes, at its first fix + 20 min, the job's due time.
 * ({@code greedy()} would change nothing: {@code still} and {@code moved} take complementary fixes,
 * so the loop never branches.)
 *
 * <p><b>What CEP cannot state.</b> The job keeps one run per device. CEP starts a partial match at
 * every off-trail fix, and a skip strategy prunes only partial matches that started before a
 * match; so while a device stays still it carries a partial match for every fix of its run (up to
 * the 20 min window), each tried against every new fix with its centroid summed again from its
 * fixes: that is the cost measured here. Those later partial matches are sub-runs of the same stay.
 * Their own breaks (on their narrower centroids) are complete matches that CEP holds back while
 * the earlier run is open, and the run's break prunes them with the rest. When the run holds, its
 * sub-runs time out after it; {@link OncePerStill} raises a stay once: a held run whose first fix
 * is not after the last fix of an earlier held run of the device is the same stay. Where the job
 * would differ: (1) a stay longer than the window is one alert in the job; here the later sub-runs
 * are suppressed only while each overlaps an earlier held one, so a stay in which every sub-run
 * started within some 20 min broke on its own while the run held is raised again; (2) a run whose
 * {@code stillMinFixes}-th fix comes more than 20 min after its first raises in the job at that fix
 * and not here; (3) CEP puts out-of-order fixes in order before matching, while the job lets one
 * join its run and can move the run's start earlier; an exact duplicate of a fix is one fix to the
 * job and two here. The generated feed (under 20 min of fixes per device, in order) has none of
 * these; the harness prints how many alerts each version raised and how many both raised.
 *
 * <p>Thread-safety: as any Flink function, one instance per subtask.
 */
final class HikerCep {
    static final String SIGNAL_LOST = "hiker.signal-lost";
    static final String OFF_TRAIL_STATIONARY = "hiker.off-trail-stationary";

    /**
     * When a pattern last read a fix ({@link System#nanoTime()}), for the harness: CEP matches a fix
     * only once the watermark has passed it, so its streaming window ends here, not when the last
     * fix reached it.
     */
    static volatile long lastReadNanos;

    private HikerCep() {
    }

    /** A pattern's first condition, which CEP tries once on every fix it matches. */
    private static SimpleCondition<Sighting> reading(FilterFunction<Sighting> condition) {
        return SimpleCondition.of(s -> {
            lastReadNanos = System.nanoTime();
            return condition.filter(s);
        });
    }

    /** A rule's alert as both versions identify it: rule, device, event time (epoch ms). */
    record Raised(String ruleId, String deviceId, long eventTime) implements Serializable {
    }

    /** A fix with the geofence answers the two rules read. */
    record Sighting(String deviceId, long ts, double lat, double lon, boolean onMountain, boolean inGap,
                    boolean usable, boolean offTrail) implements Serializable {
    }

    /** A still run that held for the whole window: the times of its first and last fix (epoch ms). */
    record HeldRun(String deviceId, long firstTs, long lastTs) implements Serializable {
    }

    /** Both rules over the fixes: their alerts. */
    static DataStream<Raised> rules(DataStream<LocationFix> fixes, WorldSnapshot world, HikerRuleParams params) {
        DataStream<Sighting> sightings = fixes.map(new Lookup(world, params)).name("CEP geofence lookups");
        KeyedStream<Sighting, String> byDevice = sightings.keyBy(Sighting::deviceId);
        Duration timeout = params.signalLost().timeout();
        Duration inGapTimeout = params.signalLost().inGapTimeout();
        DataStream<Raised> lost = signalLost(byDevice, false, timeout)
                .union(signalLost(byDevice, true, inGapTimeout));
        DataStream<Sighting> runFixes = sightings.filter(s -> !s.onMountain() || s.usable()).name("CEP fixes a run reads");
        return lost.union(offTrailStationary(runFixes.keyBy(Sighting::deviceId), params));
    }

    private static DataStream<Raised> signalLost(KeyedStream<Sighting, String> byDevice, boolean inGap, Duration wait) {
        Pattern<Sighting, Sighting> p = Pattern.<Sighting>begin("seen")
                .where(reading(s -> s.onMountain() && s.inGap() == inGap))
                .notFollowedBy("newer").where(SimpleCondition.of(s -> true))
                .within(wait);
        return CEP.pattern(byDevice, p).inEventTime().process(new SilenceAlert(wait.toMillis()))
                .name("CEP signal-lost" + (inGap ? " (coverage gap)" : ""));
    }

    private static DataStream<Raised> offTrailStationary(KeyedStream<Sighting, String> byDevice, HikerRuleParams params) {
        OffTrailStationaryRule.Params still = params.offTrailStationary();
        Duration window = still.stillWindow();
        Pattern<Sighting, Sighting> p = Pattern.<Sighting>begin("first", AfterMatchSkipStrategy.skipToLast("moved"))
                .where(reading(Sighting::offTrail))
                .next("still").where(new NearRun(still.stillRadiusM(), true)).oneOrMore().optional().consecutive()
                .next("moved").where(new NearRun(still.stillRadiusM(), false))
                .within(window);
        SingleOutputStreamOperator<Void> runs = CEP.pattern(byDevice, p).inEventTime()
                .process(new HeldRuns(still.stillMinFixes())).name("CEP off-trail-stationary");
        return runs.getSideOutput(HeldRuns.HELD).keyBy(HeldRun::deviceId).process(new OncePerStill(window.toMillis()))
                .name("CEP off-trail-stationary once per stay");
    }

    /** The geofence answers of a fix, looked up once per fix. */
    static final class Lookup extends RichMapFunction<LocationFix, Sighting> {
        private final WorldSnapshot world;
        private final HikerRuleParams params;
        private transient HikerGeo geo;

        Lookup(WorldSnapshot world, HikerRuleParams params) {
            this.world = world;
            this.params = params;
        }

        @Override
        public void open(OpenContext ctx) {
            geo = new HikerGeo(world.world(), params);
        }

        @Override
        public Sighting map(LocationFix f) {
            boolean onMountain = geo.onMountain(f.lon(), f.lat());
            boolean inGap = onMountain && geo.inCoverageGap(f.lon(), f.lat());
            boolean usable = !f.hasAccuracy() || f.accuracyM() <= params.offTrailStationary().trackAccuracyMaxM();
            boolean offTrail = onMountain && usable && geo.offTrailMarginM(f.lon(), f.lat()) > 0;
            return new Sighting(f.deviceId(), f.tsMillis(), f.lat(), f.lon(), onMountain, inGap, usable, offTrail);
        }
    }

    /**
     * Off trail and within the radius of the centroid of the run's fixes so far ({@code near}), or
     * not ({@code !near}: the fix breaks the run). The centroid is the mean of latitudes and of
     * longitudes, summed in the run's order, as the job sums them.
     */
    private static final class NearRun extends IterativeCondition<Sighting> {
        private final double radiusM;
        private final boolean near;

        NearRun(double radiusM, boolean near) {
            this.radiusM = radiusM;
            this.near = near;
        }

        @Override
        public boolean filter(Sighting s, Context<Sighting> ctx) throws Exception {
            double sumLat = 0;
            double sumLon = 0;
            int n = 0;
            for (String step : List.of("first", "still")) {
                for (Sighting taken : ctx.getEventsForPattern(step)) {
                    sumLat += taken.lat();
                    sumLon += taken.lon();
                    n++;
                }
            }
            boolean inRun = s.offTrail()
                    && OffTrailStationaryRule.approxDistanceM(s.lat(), s.lon(), sumLat / n, sumLon / n) <= radiusM;
            return inRun == near;
        }
    }

    /** The silence's alert at the last fix's time plus the wait. */
    private static final class SilenceAlert extends PatternProcessFunction<Sighting, Raised> {
        private final long waitMs;

        SilenceAlert(long waitMs) {
            this.waitMs = waitMs;
        }

        @Override
        public void processMatch(Map<String, List<Sighting>> match, Context ctx, Collector<Raised> out) {
            Sighting seen = match.get("seen").get(0);
            out.collect(new Raised(SIGNAL_LOST, seen.deviceId(), seen.ts() + waitMs));
        }
    }

    /**
     * Runs that broke (complete matches) raise nothing; runs that held (timed-out partial matches)
     * with enough fixes go out on {@link #HELD}.
     */
    private static final class HeldRuns extends PatternProcessFunction<Sighting, Void>
            implements TimedOutPartialMatchHandler<Sighting> {
        static final OutputTag<HeldRun> HELD = new OutputTag<>("held-still-runs") {
        };
        private final int minFixes;

        HeldRuns(int minFixes) {
            this.minFixes = minFixes;
        }

        @Override
        public void processMatch(Map<String, List<Sighting>> match, Context ctx, Collector<Void> out) {
            // The run broke before its window closed; the skip strategy has already dropped its sub-runs.
        }

        @Override
        public void processTimedOutMatch(Map<String, List<Sighting>> match, Context ctx) {
            List<Sighting> still = match.getOrDefault("still", List.of());
            if (1 + still.size() >= minFixes) {
                Sighting first = match.get("first").get(0);
                ctx.output(HELD, new HeldRun(first.deviceId(), first.ts(), still.get(still.size() - 1).ts()));
            }
        }
    }

    /**
     * One alert per stay: a held run whose first fix is not after the last fix of the device's
     * previous held run is a sub-run of the same stay. Of the partial matches of a device that time
     * out together (at the end of input, all of them), the earliest-starting comes first: the NFA
     * keeps them in a priority queue by start.
     */
    static final class OncePerStill extends KeyedProcessFunction<String, HeldRun, Raised> {
        private final long windowMs;
        private transient ValueState<Long> coveredUntil;

        OncePerStill(long windowMs) {
            this.windowMs = windowMs;
        }

        @Override
        public void open(OpenContext ctx) {
            coveredUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("still-covered-until", Types.LONG));
        }

        @Override
        public void processElement(HeldRun run, Context ctx, Collector<Raised> out) throws Exception {
            Long covered = coveredUntil.value();
            if (covered == null || run.firstTs() > covered) {
                out.collect(new Raised(OFF_TRAIL_STATIONARY, run.deviceId(), run.firstTs() + windowMs));
            }
            coveredUntil.update(covered == null ? run.lastTs() : Math.max(covered, run.lastTs()));
        }
    }
}
