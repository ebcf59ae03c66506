package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.sun.SunTimesCalculator;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hiker.after-dark} ({@code docs/rules.md} "hiker.after-dark"): a phone entered the
 * mountain area and had not left it when both local sunset + {@code afterSunset} and entry +
 * {@code minInside} had passed. Event time = the later of the two; HIGH when the phone is off
 * trail at that time (the trail status {@link OffTrailStationaryRule} keeps, as of the operator's
 * event-time clock), MEDIUM otherwise.
 *
 * <p>Entering arms the {@link #EPL} pattern with that due time, leaving disarms it. Not
 * thread-safe (one per operator subtask).
 */
public final class AfterDarkRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("hiker.after-dark");

    /** From the catalogue: the episode holds unless disarmed within its wait (due time minus the clock when armed). */
    static final String EPL = RULE.epl();

    /**
     * @param afterSunset how long after local sunset a device still on the mountain raises after-dark
     *     (zero allowed)
     * @param minInside how long the device must have been on the mountain by then
     */
    public record Params(Duration afterSunset, Duration minInside) implements Serializable {
        public Params {
            if (afterSunset.isNegative() || minInside.isNegative() || minInside.isZero()) {
                throw new IllegalArgumentException("hiker durations must be positive");
            }
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.minutes(v, "afterSunsetMinutes"), RuleValues.minutes(v, "afterDarkMinInsideMinutes"));
        }

        /** The values under the catalogue's names. */
        public Map<String, Object> values() {
            return RuleValues.map("afterSunsetMinutes", RuleValues.inMinutes(afterSunset), "afterDarkMinInsideMinutes",
                    RuleValues.inMinutes(minInside));
        }
    }

    /**
     * Still on the mountain after dark.
     *
     * @param enteredAt when the stay on the mountain began
     * @param offTrail off trail at the event time
     */
    record Verdict(String deviceId, long eventTime, long enteredAt, boolean offTrail) {
        Severity severity() {
            return offTrail ? Severity.HIGH : Severity.MEDIUM;
        }

        /** Id material beside rule, subject and event time. */
        String discriminator() {
            return severity().name();
        }
    }

    private final Params params;
    private final SunTimesCalculator sun = new SunTimesCalculator();

    AfterDarkRule(Params params) {
        this.params = params;
    }

    /** The newest fix at {@code ts}: entering the mountain arms the episode, leaving it disarms it. */
    void onFix(HikerState s, long ts, double lat, double lon, boolean onMountain, HikerTimers timers) {
        if (onMountain && s.enteredAt == 0) {
            s.enteredAt = ts;
            s.darkDueAt = due(ts, lat, lon);
            timers.queue(s, HikerState.ARM_DARK, ts, ts, s.darkDueAt);
        } else if (!onMountain && s.enteredAt != 0) {
            if (s.darkArmed()) {
                timers.queue(s, HikerState.DISARM_DARK, ts, s.enteredAt, 0);
            }
            s.enteredAt = 0;
            s.darkDueAt = 0;
        }
    }

    /** An episode's wait is over: the alert, unless this stay already raised one. */
    Optional<Verdict> onMatch(HikerState s, String device, HikerEpisodes.Match m) {
        if (s.enteredAt == m.armId()) {
            s.darkDueAt = 0;
        }
        if (s.darkFiredFor == m.armId()) {
            return Optional.empty();
        }
        s.darkFiredFor = m.armId();
        return Optional.of(new Verdict(device, m.dueAt(), m.armId(), s.offTrailAtClock));
    }

    private long due(long enteredAt, double lat, double lon) {
        LocalDate day = Instant.ofEpochMilli(enteredAt).atZone(IsoTimes.ZONE).toLocalDate();
        long minInside = enteredAt + params.minInside().toMillis();
        Optional<ZonedDateTime> sunset = sun.sunset(day, lat, lon);
        // Polar day or night has no sunset: being inside long enough is all that is left to check.
        long dark = sunset.map(z -> z.toInstant().toEpochMilli() + params.afterSunset().toMillis()).orElse(minInside);
        return Math.max(minInside, dark);
    }
}
