package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plating.pool-not-ready} ({@code docs/rules.md} "plating.pool-not-ready"): an emergency
 * pool stays above its readinessMaxPct (world) for {@code after} outside an incident, so it could
 * not take an incident's water. LOW, ENTERPRISE, tier 1; event time = the first reading at least
 * {@code after} past the first reading above readiness. A reading at or below readiness, or an open
 * pool-high or overflow forecast of the pool, starts the clock again.
 */
public final class PoolNotReadyRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("plating.pool-not-ready");

    /** @param after how long a pool may stay above readinessMaxPct outside an incident (6 h) */
    public record Params(Duration after) implements Serializable {
        public Params {
            WastewaterParams.positive(after, "notReadyAfterMinutes");
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.minutes(v, "notReadyAfterMinutes"));
        }
    }

    /**
     * The pool is not ready.
     *
     * @param since the first reading above readiness of this stretch
     */
    record Verdict(Tank tank, Sample since, Sample sample, double fillPct) {
        Severity severity() {
            return Severity.LOW;
        }

        /** Id material beside rule, subject and event time. */
        String discriminator() {
            return Severity.LOW.name();
        }
    }

    private final Params params;

    PoolNotReadyRule(Params params) {
        this.params = params;
    }

    Optional<Verdict> onLevel(ParkState s, Tank tank, Sample sample, double fill) {
        String key = ParkState.openKey(RULE.id(), tank.id());
        boolean inIncident = s.open.containsKey(ParkState.openKey(PoolHighRule.RULE.id(), tank.id()))
                || s.open.containsKey(ParkState.openKey(PoolOverflowForecastRule.RULE.id(), tank.id()));
        if (fill <= tank.readinessMaxPct()) {
            s.aboveReadinessSince.remove(tank.id());
            s.open.remove(key);
            return Optional.empty();
        }
        if (inIncident) {
            // The clock starts again when the incident is over: a pool full of fire water is
            // expected during the incident and must be emptied after it.
            s.aboveReadinessSince.remove(tank.id());
            return Optional.empty();
        }
        Sample since = s.aboveReadinessSince.computeIfAbsent(tank.id(), k -> sample);
        if (s.open.containsKey(key) || sample.getTsMillis() - since.getTsMillis() < params.after().toMillis()) {
            return Optional.empty();
        }
        s.open.put(key, Severity.LOW.name());
        return Optional.of(new Verdict(tank, since, sample, fill));
    }
}
