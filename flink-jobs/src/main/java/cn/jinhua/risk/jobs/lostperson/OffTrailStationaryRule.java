package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hiker.off-trail-stationary} ({@code docs/rules.md} "hiker.off-trail-stationary"): a phone
 * on the mountain went still off trail (at least {@code stillMinFixes} usable fixes within
 * {@code stillRadiusM} of their running centroid, farther than the nearest trail's corridor plus
 * {@code offTrailMarginM}) and neither moved nor came back to a trail for {@code stillWindow} from
 * its first still fix. HIGH; event time = first still fix + window (or the arming fix when later).
 *
 * <p>Per fix this rule only updates the still run in {@link HikerState}; the waiting is the
 * {@link #EPL} pattern, armed when the run has enough fixes and disarmed when it breaks. It also
 * keeps the device's off-trail status, which {@link AfterDarkRule} reads. Not thread-safe (one per
 * operator subtask).
 */
public final class OffTrailStationaryRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("hiker.off-trail-stationary");

    /** From the catalogue: the episode holds unless disarmed within its wait (due time minus the clock when armed). */
    static final String EPL = RULE.epl();

    /**
     * @param offTrailMarginM off trail = farther than the nearest trail's corridorM plus this margin
     * @param stillWindow how long the fixes must stay together
     * @param stillMinFixes how many fixes at least inside {@code stillWindow}
     * @param stillRadiusM how close to their centroid the fixes must stay
     * @param trackAccuracyMaxM fixes less accurate than this (e.g. cell fixes) count as "seen" but are
     *     not used to decide stillness or trail distance
     */
    public record Params(double offTrailMarginM, Duration stillWindow, int stillMinFixes, double stillRadiusM,
                  double trackAccuracyMaxM) implements Serializable {
        public Params {
            if (offTrailMarginM < 0 || stillRadiusM <= 0 || trackAccuracyMaxM <= 0) {
                throw new IllegalArgumentException("hiker distances must be positive");
            }
            if (stillMinFixes < 2) {
                throw new IllegalArgumentException("hiker.stillMinFixes must be at least 2");
            }
            if (stillWindow.isNegative() || stillWindow.isZero()) {
                throw new IllegalArgumentException("hiker durations must be positive");
            }
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.number(v, "offTrailMarginM"), RuleValues.minutes(v, "stillMinutes"),
                    RuleValues.integer(v, "stillMinFixes"), RuleValues.number(v, "stillRadiusM"),
                    RuleValues.number(v, "trackAccuracyMaxM"));
        }

        /** The values under the catalogue's names. */
        public Map<String, Object> values() {
            return RuleValues.map("offTrailMarginM", offTrailMarginM, "stillMinutes", RuleValues.inMinutes(stillWindow),
                    "stillMinFixes", stillMinFixes, "stillRadiusM", stillRadiusM, "trackAccuracyMaxM", trackAccuracyMaxM);
        }
    }

    /**
     * The phone stayed still off trail.
     *
     * @param eventTime the episode's due time
     * @param stillSince the first still fix
     * @param run the still run as it is now, when it is still this episode's run; else null
     */
    record Verdict(String deviceId, long eventTime, long stillSince, StillRun run) {
        Severity severity() {
            return Severity.HIGH;
        }

        /** Id material beside rule, subject and event time. */
        String discriminator() {
            return Severity.HIGH.name();
        }
    }

    /** Centroid (degrees) and number of the fixes of a still run. */
    record StillRun(double centroidLat, double centroidLon, int fixes) {
    }

    private final Params params;
    private final HikerGeo geo;

    OffTrailStationaryRule(Params params, HikerGeo geo) {
        this.params = params;
        this.geo = geo;
    }

    /** Whether a fix is accurate enough to decide stillness and trail distance. */
    boolean usable(LocationFix fix) {
        return !fix.hasAccuracy() || fix.accuracyM() <= params.trackAccuracyMaxM();
    }

    /** A usable fix on the mountain: trail status, and the still run it extends, breaks or starts. */
    void onFix(HikerState s, LocationFix fix, boolean newest, HikerTimers timers) {
        boolean off = offTrail(s, fix);
        long ts = fix.tsMillis();
        if (newest && off != s.offTrail) {
            s.offTrail = off;
            timers.queue(s, off ? HikerState.TRAIL_OFF : HikerState.TRAIL_ON, ts, 0, 0);
        }
        if (!off) {
            if (newest) {
                breakRun(s, ts, timers);
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
                breakRun(s, ts, timers);
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
            timers.queue(s, HikerState.ARM_STILL, Math.max(ts, s.lastTs), s.stillStart, s.stillDueAt);
        }
    }

    /** The newest fix is off the mountain: back on no trail, and the still run is over. */
    void onLeftMountain(HikerState s, long ts, HikerTimers timers) {
        if (s.offTrail) {
            s.offTrail = false;
            timers.queue(s, HikerState.TRAIL_ON, ts, 0, 0);
        }
        breakRun(s, ts, timers);
    }

    /** An episode's wait is over: the alert, unless this episode already raised one. */
    Optional<Verdict> onMatch(HikerState s, String device, HikerEpisodes.Match m) {
        if (s.stillStart == m.armId()) {
            s.stillDueAt = 0;
        }
        if (s.stillFiredFor == m.armId()) {
            return Optional.empty();
        }
        s.stillFiredFor = m.armId();
        StillRun run = s.stillCount > 0 && s.stillStart == m.armId()
                ? new StillRun(s.stillSumLat / s.stillCount, s.stillSumLon / s.stillCount, s.stillCount) : null;
        return Optional.of(new Verdict(device, m.dueAt(), m.armId(), run));
    }

    /** Off trail at the fix, reusing the last trail search while the answer cannot have changed. */
    private boolean offTrail(HikerState s, LocationFix fix) {
        if (!Double.isNaN(s.trailMarginM) && s.trailWorld == geo.trailStamp()) {
            double moved = approxDistanceM(fix.lat(), fix.lon(), s.trailLat, s.trailLon);
            if (Math.abs(s.trailMarginM) > moved) {
                return s.trailMarginM > 0;
            }
        }
        s.trailMarginM = geo.offTrailMarginM(fix.lon(), fix.lat());
        s.trailLat = fix.lat();
        s.trailLon = fix.lon();
        s.trailWorld = geo.trailStamp();
        return s.trailMarginM > 0;
    }

    private static void startRun(HikerState s, LocationFix fix) {
        s.stillStart = fix.tsMillis();
        s.stillCount = 1;
        s.stillSumLat = fix.lat();
        s.stillSumLon = fix.lon();
        s.stillDueAt = 0;
    }

    private static void breakRun(HikerState s, long ts, HikerTimers timers) {
        if (s.stillArmed()) {
            timers.queue(s, HikerState.DISARM_STILL, ts, s.stillStart, 0);
        }
        s.stillStart = 0;
        s.stillCount = 0;
        s.stillSumLat = 0;
        s.stillSumLon = 0;
        s.stillDueAt = 0;
    }

    /**
     * Equirectangular distance in metres between two WGS84 points (degrees): exact enough at the tens
     * of metres stillness works with, and cheap. Public so that the speed harness's Flink CEP version
     * of this rule measures stillness with the same formula.
     */
    public static double approxDistanceM(double lat1, double lon1, double lat2, double lon2) {
        double dy = (lat1 - lat2) * 110_540.0;
        double dx = (lon1 - lon2) * 111_320.0 * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        return Math.sqrt(dx * dx + dy * dy);
    }
}
