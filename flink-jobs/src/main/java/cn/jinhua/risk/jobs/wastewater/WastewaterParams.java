package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;
import java.time.Duration;

/**
 * Parameters of the wastewater rules that the world does not carry ({@code docs/rules.md}
 * "Parameters"; thresholds such as highPct, gateRampCm or the creek limits come from the world):
 * the level trend both forecasts share, each rule's own parameters, defined beside the rule that
 * reads them, and the job's out-of-orderness bound. Immutable and serializable; {@link #defaults()}
 * are the documented values.
 *
 * @param outOfOrderness the job's bound on how far records of different sensors arrive out of
 *     order (2 min): a rule that reads another sensor's reading (a transfer plan, the upstream
 *     reference) reads it as of this long before its own reading, when every reading of that time
 *     is in whatever order the partitions were read (wastewater/DESIGN.md "Decided on arrival")
 * @param maxDecisionLead a reading further than this ahead of event time (the watermark: a backlog
 *     read while another partition is behind) waits until event time is within the bound of it, and
 *     is then decided in time order (5 min; live readings are about the bound plus a reporting
 *     interval ahead)
 */
public record WastewaterParams(LevelTrend.Params trend, PoolHighRule.Params poolHigh,
                               PoolOverflowForecastRule.Params overflowForecast, PoolNotReadyRule.Params notReady,
                               EnclosureWaterRule.Params enclosure, CreekContaminationRule.Params contamination,
                               SluiceNotClosedRule.Params sluice, CreekSpaceFillingRule.Params creekFilling,
                               Duration outOfOrderness, Duration maxDecisionLead)
        implements Serializable {

    public WastewaterParams {
        positive(outOfOrderness, "outOfOrderness");
        positive(maxDecisionLead, "maxDecisionLead");
        if (maxDecisionLead.compareTo(outOfOrderness) <= 0) {
            throw new IllegalArgumentException("maxDecisionLead must be longer than the out-of-orderness bound, got "
                    + maxDecisionLead + " and " + outOfOrderness);
        }
    }

    public static WastewaterParams defaults() {
        return new WastewaterParams(
                new LevelTrend.Params(Duration.ofMinutes(10), 5, 0.03, 1.5),
                new PoolHighRule.Params(5.0),
                new PoolOverflowForecastRule.Params(Duration.ofMinutes(30), Duration.ofHours(2), 0.0),
                new PoolNotReadyRule.Params(Duration.ofHours(6)),
                new EnclosureWaterRule.Params(0.5, 0.4),
                new CreekContaminationRule.Params(2),
                new SluiceNotClosedRule.Params(Duration.ofMinutes(10), 10.0),
                new CreekSpaceFillingRule.Params(Duration.ofMinutes(60)),
                Duration.ofMinutes(2), Duration.ofMinutes(5));
    }

    /** These parameters with the job's out-of-orderness bound (the decision lead stays 3 minutes longer than it). */
    public WastewaterParams withOutOfOrderness(Duration bound) {
        return new WastewaterParams(trend, poolHigh, overflowForecast, notReady, enclosure, contamination, sluice,
                creekFilling, bound, bound.plus(maxDecisionLead.minus(outOfOrderness)));
    }

    static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
