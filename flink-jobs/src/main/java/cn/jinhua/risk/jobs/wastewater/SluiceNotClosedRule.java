package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plating.sluice-not-closed} ({@code docs/rules.md} "plating.sluice-not-closed"): after an
 * alert ordered a sluice closed (enclosure water over the ramp, creek contamination), no position
 * reading at or below {@code closedMaxPct} % open arrives within {@code closeWindow}. CRITICAL,
 * COUNTY, tier 3; event time = the deadline (order + window). One watch per sluice: while an order
 * is watched, or after a report until the sluice reads closed, further orders for it are ignored,
 * so one late sluice is one alert. A sluice already reading closed needs no watch.
 *
 * <p>The absence itself is an EPL pattern over {@link #SCHEMA}: the catalogue's, or one changed
 * live; {@link SluiceWatchFunction} hosts it, and asks it at the deadline whether it matched.
 */
public final class SluiceNotClosedRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("plating.sluice-not-closed");
    static final String POSITION_EVENT = "SluicePosition";
    static final String ORDER_EVENT = "SluiceCloseOrder";

    /**
     * The event types the rule's EPL reads: each position reading of a watched sluice, and each
     * order watched, with {@code waitMillis} the time left to close (the closing window; less when
     * an order is sent again to a new runtime or module) and the {@code closedMaxPct} of the
     * version watching it.
     */
    static final String SCHEMA = """
            @public @buseventtype create map schema SluicePosition(sluiceId string, tsMillis long, pctOpen double);
            @public @buseventtype create map schema SluiceCloseOrder(sluiceId string, tsMillis long, alertId string,
                waitMillis long, closedMaxPct double);
            """;

    /**
     * @param closeWindow how long a sluice has to close after the order (10 min)
     * @param closedMaxPct a position reading at or below this % open counts as closed
     */
    public record Params(Duration closeWindow, double closedMaxPct) implements Serializable {
        public Params {
            WastewaterParams.positive(closeWindow, "closeWindowMinutes");
            if (!(closedMaxPct >= 0 && closedMaxPct < 100)) {
                throw new IllegalArgumentException("closedMaxPct must be within 0..100, got " + closedMaxPct);
            }
        }

        /** As the catalogue names them: what a module's named substitution parameters read. */
        public Map<String, Object> values() {
            return Map.of("closeWindowMinutes", closeWindow.toMillis() / 60_000.0, "closedMaxPct", closedMaxPct);
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.minutes(v, "closeWindowMinutes"), RuleValues.number(v, "closedMaxPct"));
        }
    }

    /**
     * The sluice did not close in time.
     *
     * @param order the watched order
     * @param position the latest position reading, null when none came
     * @param deadline order time + window, the event time
     */
    record Verdict(String sluiceId, SluiceEvent order, SluiceEvent position, long deadline) {
        Severity severity() {
            return Severity.CRITICAL;
        }

        /** Id material beside rule, subject and event time: the ordering alert. */
        String discriminator() {
            return order.alertId();
        }
    }

    private final Params params;

    SluiceNotClosedRule(Params params) {
        this.params = params;
    }

    Params params() {
        return params;
    }

    boolean closed(SluiceEvent position) {
        return position != null && position.pctOpen() <= params.closedMaxPct();
    }

    /** Whether an order starts a watch: nothing watched or reported for the sluice, and it is not closed. */
    boolean watches(SluiceEvent watched, boolean reported, SluiceEvent latest) {
        return watched == null && !reported && !closed(latest);
    }

    long deadline(SluiceEvent order) {
        return order.tsMillis() + params.closeWindow().toMillis();
    }

    /** At or past the watched order's deadline: the verdict when the pattern matched, else none. */
    Optional<Verdict> atDeadline(String sluiceId, SluiceEvent watched, SluiceEvent latest, boolean matched, long now) {
        return matched ? Optional.of(new Verdict(sluiceId, watched, latest, now)) : Optional.empty();
    }

    static Map<String, Object> positionEvent(SluiceEvent e) {
        Map<String, Object> m = new HashMap<>();
        m.put("sluiceId", e.sluiceId());
        m.put("tsMillis", e.tsMillis());
        m.put("pctOpen", e.pctOpen());
        return m;
    }

    Map<String, Object> orderEvent(SluiceEvent e, long waitMillis) {
        Map<String, Object> m = new HashMap<>();
        m.put("sluiceId", e.sluiceId());
        m.put("tsMillis", e.tsMillis());
        m.put("alertId", e.alertId());
        m.put("waitMillis", waitMillis);
        m.put("closedMaxPct", params.closedMaxPct());
        return m;
    }
}
