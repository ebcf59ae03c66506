package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.index.AreaDistance;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hiker.distress-call} ({@code docs/rules.md} "hiker.distress-call"): an emergency call
 * located on the mountain (within the area buffer plus the call's accuracy, at most
 * {@code callAccuracyCapM} of it). CRITICAL when the caller is lost or trapped (category LOST or
 * TRAPPED, or the text holds one of {@code keywords}), HIGH otherwise. Event time = the call's.
 * Fires on the call itself, once per call id and subject (a redelivered call is ignored).
 *
 * <p>Stateless beyond {@link HikerState}; thread-safe.
 */
public final class DistressCallRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("hiker.distress-call");

    /**
     * @param callAccuracyCapM the most of a call's {@code accuracyM} added to the area buffer (a
     *     cell-located call 2 km off the edge may still be on the mountain; a 50 km fix is noise)
     * @param keywords words in a call's text that make it CRITICAL (case-insensitive)
     */
    public record Params(double callAccuracyCapM, List<String> keywords) implements Serializable {
        public Params {
            keywords = List.copyOf(keywords);
            if (callAccuracyCapM < 0) {
                throw new IllegalArgumentException("hiker distances must be positive");
            }
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.number(v, "callAccuracyCapM"), RuleValues.texts(v, "keywords"));
        }

        /** The values under the catalogue's names. */
        public Map<String, Object> values() {
            return RuleValues.map("callAccuracyCapM", callAccuracyCapM, "keywords", keywords);
        }
    }

    /**
     * A call for help from the mountain.
     *
     * @param lost the caller is lost or trapped
     * @param lastFix the device's newest fix when it is not newer than the call, else null
     * @param fromFix the alert's position is that fix (more accurate than the call's)
     */
    record Verdict(EmergencyCall call, boolean lost, LostPersonPresenter.Position lastFix, boolean fromFix) {
        Severity severity() {
            return lost ? Severity.CRITICAL : Severity.HIGH;
        }

        /** The device when the call names one, else the call. */
        String subjectId() {
            return call.deviceId() != null ? call.deviceId() : call.callId();
        }

        /** Id material beside rule, subject and event time: each call is its own alert. */
        String discriminator() {
            return call.callId();
        }
    }

    private final Params params;
    private final HikerGeo geo;

    DistressCallRule(Params params, HikerGeo geo) {
        this.params = params;
        this.geo = geo;
    }

    /** Whether the call is on the mountain, by its position and accuracy. */
    boolean onMountain(EmergencyCall call) {
        double slack = call.hasAccuracy() ? Math.min(call.accuracyM(), params.callAccuracyCapM()) : 0;
        Optional<AreaDistance> near = geo.mountainNear(call.lon(), call.lat(), slack);
        return near.isPresent();
    }

    /** A call on the mountain not alerted yet for this subject: remembered in {@code s}, and the verdict. */
    Optional<Verdict> onCall(HikerState s, EmergencyCall call) {
        if (s.firedCall(call.callId())) {
            return Optional.empty();
        }
        s.rememberCall(call.callId());
        s.lastCallTs = Math.max(s.lastCallTs, call.tsMillis());
        LostPersonPresenter.Position fix = null;
        boolean fromFix = false;
        if (s.hasFix() && s.lastTs <= call.tsMillis()) {
            fix = s.lastPosition();
            double callAcc = call.hasAccuracy() ? call.accuracyM() : Double.MAX_VALUE;
            double fixAcc = Double.isNaN(s.lastAccuracyM) ? Double.MAX_VALUE - 1 : s.lastAccuracyM;
            fromFix = fixAcc < callAcc;
        }
        boolean lost = "LOST".equals(call.category()) || "TRAPPED".equals(call.category()) || saysLost(call.text());
        return Optional.of(new Verdict(call, lost, fix, fromFix));
    }

    private boolean saysLost(String text) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        for (String k : params.keywords()) {
            if (t.contains(k.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
