package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.geo.model.CreekReservoir;
import cn.jinhua.risk.geo.model.Sensor;
import cn.jinhua.risk.jobs.rules.RuleValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plating.creek-space-filling} ({@code docs/rules.md} "plating.creek-space-filling"): the
 * creek reach between the sluices, the last holding space, is forecast ({@link LevelTrend}) to be
 * full (its depth, from the world) within {@code horizon}. CRITICAL, COUNTY, tier 3; event time =
 * the reading's, forecast time rounded to the minute. Once per filling: open until the level stops
 * rising or the forecast moves beyond the horizon × the clear factor.
 */
public final class CreekSpaceFillingRule {
    static final RuleCatalogue.Rule RULE = RuleCatalogue.packaged().require("plating.creek-space-filling");

    /** @param horizon the reach forecast to be full within this raises the alert (60 min) */
    public record Params(Duration horizon) implements Serializable {
        public Params {
            WastewaterParams.positive(horizon, "creekFillHorizonMinutes");
        }

        /** From the catalogue's values for this rule. */
        public static Params of(Map<String, Object> v) {
            return new Params(RuleValues.minutes(v, "creekFillHorizonMinutes"));
        }
    }

    /**
     * The reach is filling.
     *
     * @param fullAt forecast time the reach is full, to the minute
     * @param window the readings of the fit (thinned), the alert's evidence
     */
    record Verdict(CreekReservoir reach, Sensor sensor, Sample sample, TheilSenTrend.Line line, long fullAt,
                   List<Sample> window) {
        Severity severity() {
            return Severity.CRITICAL;
        }

        /** Id material beside rule, subject and event time. */
        String discriminator() {
            return Severity.CRITICAL.name();
        }
    }

    private final Params params;
    private final LevelTrend trends;

    CreekSpaceFillingRule(Params params, LevelTrend trends) {
        this.params = params;
        this.trends = trends;
    }

    /** A newest reading of the reach's level sensor, already added to its history in {@code s}. */
    Optional<Verdict> onLevel(ParkState s, CreekReservoir reach, Sensor sensor, Sample sample) {
        List<Sample> window = trends.window(s.window(sensor.id()), sample.getTsMillis());
        String key = ParkState.openKey(RULE.id(), reach.id());
        long horizon = params.horizon().toMillis();
        LevelTrend.Trend trend = trends.trend(window, reach.depthM(), sample.getTsMillis(), horizon);
        if (!trend.predicted()) {
            if (s.open.containsKey(key) && trend.cleared(horizon, trends.params().clearFactor())) {
                s.open.remove(key);
            }
            return Optional.empty();
        }
        if (s.open.containsKey(key)) {
            return Optional.empty();
        }
        s.open.put(key, Severity.CRITICAL.name());
        return Optional.of(new Verdict(reach, sensor, sample, trend.line(), LevelTrend.toMinute(trend.reachesAt()),
                List.copyOf(LevelTrend.thinned(window))));
    }
}
