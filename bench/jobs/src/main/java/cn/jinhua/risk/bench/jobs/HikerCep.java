package cn.jinhua.risk.bench.jobs;

import cn.jinhua.risk.geo.geodesy.Geodesy;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.lostperson.HikerGeo;
import cn.jinhua.risk.jobs.lostperson.HikerRuleParams;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;

/**
 * {@code hiker.signal-lost} and {@code hiker.off-trail-stationary} written in Flink CEP, for the
 * speed harness only: the same parameters (catalogue defaults) and the same geofence lookups as the
 * job's rules, the patterns as CEP states them. Signal lost: a fix on the mountain not followed by
 * another fix of the device within 45 min (CEP 2.x: a pattern may end in notFollowedBy only with
 * within). Off trail and still: a fix off trail, then consecutive fixes within 50 m of it, until one
 * at least 20 min after it (window 25 min). What CEP does per fix (a partial match per fix, each
 * tried against the next) is the cost being measured.
 */
final class HikerCep {
    private static final HikerRuleParams PARAMS = HikerRuleParams.defaults();

    private HikerCep() {
    }

    /** The lookups, built once per JVM from the shipped world. */
    private static final class Geo {
        static volatile HikerGeo geo;

        static HikerGeo of(WorldSnapshot world) {
            HikerGeo g = geo;
            if (g == null) {
                synchronized (Geo.class) {
                    if (geo == null) {
                        geo = new HikerGeo(world.world(), PARAMS);
                    }
                    g = geo;
                }
            }
            return g;
        }
    }

    static DataStream<String> signalLost(KeyedStream<LocationFix, String> fixes, WorldSnapshot world) {
        Pattern<LocationFix, LocationFix> p = Pattern.<LocationFix>begin("seen")
                .where(SimpleCondition.of(f -> Geo.of(world).onMountain(f.lon(), f.lat())))
                .notFollowedBy("next").where(SimpleCondition.of(f -> true))
                .within(PARAMS.signalLost().timeout());
        return CEP.pattern(fixes, p).inEventTime().process(new Emit("hiker.signal-lost", "seen")).name("CEP signal-lost");
    }

    static DataStream<String> offTrailStationary(KeyedStream<LocationFix, String> fixes, WorldSnapshot world) {
        double radius = PARAMS.offTrailStationary().stillRadiusM();
        long windowMs = PARAMS.offTrailStationary().stillWindow().toMillis();
        double accuracy = PARAMS.offTrailStationary().trackAccuracyMaxM();
        Pattern<LocationFix, LocationFix> p = Pattern.<LocationFix>begin("first")
                .where(SimpleCondition.of(f -> f.hasAccuracy() && f.accuracyM() <= accuracy
                        && Geo.of(world).onMountain(f.lon(), f.lat()) && Geo.of(world).offTrailMarginM(f.lon(), f.lat()) > 0))
                .next("still").where(new Near(radius, windowMs, false)).oneOrMore().consecutive()
                .next("due").where(new Near(radius, windowMs, true))
                .within(Duration.ofMillis(windowMs).plusMinutes(5));
        return CEP.pattern(fixes, p).inEventTime().process(new Emit("hiker.off-trail-stationary", "first"))
                .name("CEP off-trail-stationary");
    }

    /** Within the radius of the first fix, before (or, for the last step, at least) the window after it. */
    private static final class Near extends IterativeCondition<LocationFix> {
        private final double radiusM;
        private final long windowMs;
        private final boolean due;

        Near(double radiusM, long windowMs, boolean due) {
            this.radiusM = radiusM;
            this.windowMs = windowMs;
            this.due = due;
        }

        @Override
        public boolean filter(LocationFix f, Context<LocationFix> ctx) throws Exception {
            for (LocationFix first : ctx.getEventsForPattern("first")) {
                boolean late = f.tsMillis() - first.tsMillis() >= windowMs;
                return late == due && Geodesy.distanceM(first.lon(), first.lat(), f.lon(), f.lat()) <= radiusM;
            }
            return false;
        }
    }

    private static final class Emit extends PatternProcessFunction<LocationFix, String> {
        private final String rule;
        private final String step;

        Emit(String rule, String step) {
            this.rule = rule;
            this.step = step;
        }

        @Override
        public void processMatch(Map<String, List<LocationFix>> match, Context ctx, Collector<String> out) {
            out.collect(rule + " " + match.get(step).get(0).deviceId());
        }
    }
}
