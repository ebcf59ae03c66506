package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.World;
import cn.jinhua.risk.geo.model.ResponseLevel;
import cn.jinhua.risk.geo.model.Tank;
import cn.jinhua.risk.geo.pool.InterconnectTransferPlanner;
import cn.jinhua.risk.geo.pool.TransferPlan;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plating.pool-overflow-forecast} ({@code docs/rules.md} "plating.pool-overflow-forecast"):
 * the pool's level trend ({@link LevelTrend}) reaches its depth within {@code horizon}. HIGH, tier 1,
 * event time = the reading's; the forecast time is rounded to the minute. The alert carries a
 * transfer plan: inflow = slope × pool area, sent through the pipes to the other pools of the
 * network at their levels as of the out-of-orderness bound before this reading (the newest
 * reading of each at or before that time: every such reading is in, whatever order the sensors'
 * records arrived in, so the plan and with it the response level are the same in any order),
 * up to {@code transferHorizon}; ENTERPRISE when the
 * plan absorbs the inflow, PARK when it leaves a shortfall. An open forecast clears when the level
 * stops rising or the forecast moves beyond the horizon × the clear factor; a new forecast after a
 * clear, or a higher response level while open, is a new alert.
 */
public final class PoolOverflowForecastRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("plating.pool-overflow-forecast");

    /**
     * @param horizon a pool forecast to overflow within this raises the alert (30 min)
     * @param transferHorizon how long the neighbours must absorb the inflow (2 h)
     * @param transferCeilingOffsetPct receiving pools are filled up to highHighPct minus this
     */
    public record Params(Duration horizon, Duration transferHorizon, double transferCeilingOffsetPct) implements Serializable {
        public Params {
            WastewaterParams.positive(horizon, "overflowHorizonMinutes");
            WastewaterParams.positive(transferHorizon, "transferHorizonMinutes");
            if (!(transferCeilingOffsetPct >= 0)) {
                throw new IllegalArgumentException("percentage margins must be ≥ 0");
            }
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.minutes(v, "overflowHorizonMinutes"), RuleValues.minutes(v, "transferHorizonMinutes"),
                    RuleValues.number(v, "transferCeilingOffsetPct"));
        }
    }

    /**
     * The pool will overflow.
     *
     * @param line the fitted level trend
     * @param overflowAt forecast overflow time, to the minute
     * @param inflowM3h inflow the plan has to place
     * @param window the readings of the fit (thinned), the alert's evidence
     */
    record Verdict(Tank tank, Sample sample, TheilSenTrend.Line line, long overflowAt, double inflowM3h, TransferPlan plan,
                   List<Sample> window) {
        Severity severity() {
            return Severity.HIGH;
        }

        ResponseLevel level() {
            return plan.sufficient() ? ResponseLevel.ENTERPRISE : ResponseLevel.PARK;
        }

        /** Id material beside rule, subject and event time: an escalation to PARK is another alert. */
        String discriminator() {
            return level().name();
        }
    }

    private final Params params;
    private final LevelTrend trends;
    private final World world;
    private final long lookbackMillis;
    private final InterconnectTransferPlanner planner;

    /** @param lookback the job's out-of-orderness bound: the plan reads the other pools as of this long before */
    PoolOverflowForecastRule(Params params, LevelTrend trends, World world, Duration lookback) {
        this.params = params;
        this.trends = trends;
        this.world = world;
        this.lookbackMillis = lookback.toMillis();
        this.planner = new InterconnectTransferPlanner(world.pools(), params.transferCeilingOffsetPct());
    }

    /** @param history the pool's recent readings, this newest reading included */
    Optional<Verdict> onLevel(ParkState s, Tank tank, List<Sample> history, Sample sample) {
        String key = ParkState.openKey(RULE.id(), tank.id());
        String open = s.open.get(key);
        long horizon = params.horizon().toMillis();
        List<Sample> window = trends.window(history, sample.getTsMillis());
        LevelTrend.Trend trend = trends.trend(window, tank.depthM(), sample.getTsMillis(), horizon);
        if (!trend.predicted()) {
            if (open != null && trend.cleared(horizon, trends.params().clearFactor())) {
                s.open.remove(key);
            }
            return Optional.empty();
        }
        double slopeMh = trend.line().slopePerMinute() * 60.0;
        double inflowM3h = Math.max(0.0, slopeMh * tank.areaM2());
        Map<String, Double> levels = new LinkedHashMap<>();
        long asOf = sample.getTsMillis() - lookbackMillis;
        for (Tank other : world.pools().tanks()) {
            Sample l = other.id().equals(tank.id()) ? null : s.asOf(other.levelSensor(), asOf);
            if (l != null) {
                levels.put(other.id(), l.getValue());
            }
        }
        TransferPlan plan = planner.plan(tank.id(), inflowM3h, levels, params.transferHorizon());
        Verdict v = new Verdict(tank, sample, trend.line(), LevelTrend.toMinute(trend.reachesAt()), inflowM3h, plan,
                List.copyOf(LevelTrend.thinned(window)));
        if (open != null && v.level().compareTo(ResponseLevel.valueOf(open)) <= 0) {
            return Optional.empty();
        }
        s.open.put(key, v.level().name());
        return Optional.of(v);
    }
}
