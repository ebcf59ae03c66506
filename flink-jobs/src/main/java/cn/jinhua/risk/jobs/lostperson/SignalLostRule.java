package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hiker.signal-lost} ({@code docs/rules.md} "hiker.signal-lost"): a phone whose newest fix
 * was on the mountain sent nothing for {@code timeout} ({@code inGapTimeout} when that fix was in a
 * COVERAGE_GAP). HIGH; event time = newest fix + timeout. Once per newest fix.
 *
 * <p>An absence check on one coalesced event-time timer per device: a fix moves the watch only
 * when it would fire earlier, so the watch is re-armed at most once per timeout, not per fix.
 * Stateless beyond {@link HikerState}.
 */
public final class SignalLostRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("hiker.signal-lost");

    /**
     * @param timeout silence that raises signal-lost
     * @param inGapTimeout silence that raises it when the newest fix was in a COVERAGE_GAP
     */
    public record Params(Duration timeout, Duration inGapTimeout) implements Serializable {
        public Params {
            if (timeout.isNegative() || timeout.isZero() || inGapTimeout.isNegative() || inGapTimeout.isZero()) {
                throw new IllegalArgumentException("hiker durations must be positive");
            }
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.minutes(v, "signalLostMinutes"), RuleValues.minutes(v, "signalLostInGapMinutes"));
        }

        /** The values under the catalogue's names. */
        public Map<String, Object> values() {
            return RuleValues.map("signalLostMinutes", RuleValues.inMinutes(timeout), "signalLostInGapMinutes",
                    RuleValues.inMinutes(inGapTimeout));
        }
    }

    /**
     * The phone went silent.
     *
     * @param silence how long it has been silent at the event time
     * @param inGap the newest fix was in a coverage gap
     */
    record Verdict(String deviceId, long eventTime, Duration silence, boolean inGap) {
        Severity severity() {
            return Severity.HIGH;
        }

        /** Id material beside rule, subject and event time. */
        String discriminator() {
            return Severity.HIGH.name();
        }
    }

    private final Params params;

    SignalLostRule(Params params) {
        this.params = params;
    }

    /** The newest fix at {@code ts} (its gap status already in {@code s}): the watch moves earlier if it must. */
    void onFix(HikerState s, long ts, HikerTimers timers) {
        long silenceDue = ts + timeout(s).toMillis();
        if (s.watchAt == 0 || s.watchAt > silenceDue) {
            s.watchAt = silenceDue;
            timers.wakeAt(silenceDue);
        }
    }

    /**
     * The watch is due at {@code now} ({@code s.watchAt} already cleared): the alert when the
     * silence is long enough, else the watch again at the silence's due time.
     */
    Optional<Verdict> onWatch(HikerState s, String device, long now, HikerTimers timers) {
        if (!s.hasFix() || !s.lastInArea || s.signalLostFiredFor == s.lastTs) {
            return Optional.empty();
        }
        Duration timeout = timeout(s);
        long due = s.lastTs + timeout.toMillis();
        if (due > now) {
            s.watchAt = due;
            timers.wakeAt(due);
            return Optional.empty();
        }
        s.signalLostFiredFor = s.lastTs;
        return Optional.of(new Verdict(device, due, timeout, s.lastInGap));
    }

    private Duration timeout(HikerState s) {
        return s.lastInGap ? params.inGapTimeout() : params.timeout();
    }
}
