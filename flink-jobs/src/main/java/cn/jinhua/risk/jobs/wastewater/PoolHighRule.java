package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plating.pool-high} ({@code docs/rules.md} "plating.pool-high"): an emergency pool's fill
 * reaches its highPct (MEDIUM, ENTERPRISE) or highHighPct (HIGH, PARK), thresholds from the world
 * unless the rule's {@code highPct} parameter sets the MEDIUM threshold for every pool (the rainy
 * season's 75 %). A raised condition stays open until the fill drops below that threshold minus
 * {@code clearMarginPct}, so
 * a level hovering at a threshold alerts once; a higher severity while open is a new alert. Tier 1;
 * event time = the reading's.
 */
public final class PoolHighRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("plating.pool-high");

    /**
     * @param highPct the MEDIUM threshold of every pool, % full; null: each pool's own highPct
     * @param clearMarginPct pool-high clears below the MEDIUM threshold minus this (5)
     */
    public record Params(Double highPct, double clearMarginPct) implements Serializable {
        public Params {
            if (!(clearMarginPct >= 0)) {
                throw new IllegalArgumentException("percentage margins must be ≥ 0");
            }
            if (highPct != null && !(highPct > 0 && highPct <= 100)) {
                throw new IllegalArgumentException("highPct must be within 0..100, got " + highPct);
            }
        }


        double highPctOf(Tank tank) {
            return highPct == null ? tank.highPct() : highPct;
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.optionalNumber(v, "highPct"), RuleValues.number(v, "clearMarginPct"));
        }
    }

    /** The pool is high ({@code severity} MEDIUM) or high-high (HIGH). */
    record Verdict(Tank tank, Sample sample, double fillPct, Severity severity) {
        boolean highHigh() {
            return severity == Severity.HIGH;
        }

        ResponseLevel level() {
            return highHigh() ? ResponseLevel.PARK : ResponseLevel.ENTERPRISE;
        }

        /** Id material beside rule, subject and event time. */
        String discriminator() {
            return severity.name();
        }
    }

    private final Params params;

    PoolHighRule(Params params) {
        this.params = params;
    }

    Optional<Verdict> onLevel(ParkState s, Tank tank, Sample sample, double fill) {
        String key = ParkState.openKey(RULE.id(), tank.id());
        Severity open = s.open.containsKey(key) ? Severity.valueOf(s.open.get(key)) : null;
        double high = params.highPctOf(tank);
        if (open != null && fill < high - params.clearMarginPct()) {
            s.open.remove(key);
            open = null;
        }
        Severity target = fill >= tank.highHighPct() ? Severity.HIGH : fill >= high ? Severity.MEDIUM : null;
        if (target == null || (open != null && target.compareTo(open) <= 0)) {
            return Optional.empty();
        }
        s.open.put(key, target.name());
        return Optional.of(new Verdict(tank, sample, fill, target));
    }
}
