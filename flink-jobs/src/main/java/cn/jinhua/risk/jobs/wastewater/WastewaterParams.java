package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;
import java.time.Duration;

/**
 * Parameters of the wastewater rules that the world does not carry ({@code docs/rules.md}
 * "Parameters"; thresholds such as highPct, gateRampCm or the creek limits come from the world):
 * the level trend both forecasts share, and each rule's own parameters, defined beside the rule
 * that reads them. Immutable and serializable; {@link #defaults()} are the documented values.
 */
public record WastewaterParams(LevelTrend.Params trend, PoolHighRule.Params poolHigh,
                               PoolOverflowForecastRule.Params overflowForecast, PoolNotReadyRule.Params notReady,
                               EnclosureWaterRule.Params enclosure, CreekContaminationRule.Params contamination,
                               SluiceNotClosedRule.Params sluice, CreekSpaceFillingRule.Params creekFilling)
        implements Serializable {

    public static WastewaterParams defaults() {
        return new WastewaterParams(
                new LevelTrend.Params(Duration.ofMinutes(10), 5, 0.03, 1.5),
                new PoolHighRule.Params(5.0),
                new PoolOverflowForecastRule.Params(Duration.ofMinutes(30), Duration.ofHours(2), 0.0),
                new PoolNotReadyRule.Params(Duration.ofHours(6)),
                new EnclosureWaterRule.Params(0.5, 0.4),
                new CreekContaminationRule.Params(2),
                new SluiceNotClosedRule.Params(Duration.ofMinutes(10), 10.0),
                new CreekSpaceFillingRule.Params(Duration.ofMinutes(60)));
    }

    static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
