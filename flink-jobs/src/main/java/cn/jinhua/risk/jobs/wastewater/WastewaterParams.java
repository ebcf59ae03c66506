package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Parameters of the wastewater rules that the world does not carry ({@code docs/rules.md}
 * "Parameters"; thresholds such as highPct, gateRampCm or the creek limits come from the world):
 * the level trend both forecasts share, each rule's own parameters (read beside the rule from its
 * catalogue entry, {@code docs/contract/rules.json}), and the job's out-of-orderness bound.
 * Immutable and serializable; {@link #defaults()} are the catalogue's defaults.
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
                PoolHighRule.Params.of(PoolHighRule.RULE.defaults()),
                PoolOverflowForecastRule.Params.of(PoolOverflowForecastRule.RULE.defaults()),
                PoolNotReadyRule.Params.of(PoolNotReadyRule.RULE.defaults()),
                EnclosureWaterRule.Params.of(EnclosureWaterRule.RULE.defaults()),
                CreekContaminationRule.Params.of(CreekContaminationRule.RULE.defaults()),
                SluiceNotClosedRule.Params.of(SluiceNotClosedRule.RULE.defaults()),
                CreekSpaceFillingRule.Params.of(CreekSpaceFillingRule.RULE.defaults()),
                Duration.ofMinutes(2), Duration.ofMinutes(5));
    }

    /** These parameters with the job's out-of-orderness bound (the decision lead stays 3 minutes longer than it). */
    public WastewaterParams withOutOfOrderness(Duration bound) {
        return new WastewaterParams(trend, poolHigh, overflowForecast, notReady, enclosure, contamination, sluice,
                creekFilling, bound, bound.plus(maxDecisionLead.minus(outOfOrderness)));
    }

    /**
     * These parameters with one rule's values replaced (values checked against the catalogue).
     *
     * @throws IllegalArgumentException when the values break a rule the catalogue's bounds do not
     *     express (enclosure-water's clearFraction above its highFraction), or for a rule not decided here
     */
    public WastewaterParams withRule(String ruleId, Map<String, Object> values) {
        PoolHighRule.Params ph = poolHigh;
        PoolOverflowForecastRule.Params of = overflowForecast;
        PoolNotReadyRule.Params nr = notReady;
        EnclosureWaterRule.Params en = enclosure;
        CreekContaminationRule.Params cc = contamination;
        SluiceNotClosedRule.Params sl = sluice;
        CreekSpaceFillingRule.Params cf = creekFilling;
        switch (ruleId) {
            case "plating.pool-high" -> ph = PoolHighRule.Params.of(values);
            case "plating.pool-overflow-forecast" -> of = PoolOverflowForecastRule.Params.of(values);
            case "plating.pool-not-ready" -> nr = PoolNotReadyRule.Params.of(values);
            case "plating.enclosure-water" -> en = EnclosureWaterRule.Params.of(values);
            case "plating.creek-contamination" -> cc = CreekContaminationRule.Params.of(values);
            case "plating.sluice-not-closed" -> sl = SluiceNotClosedRule.Params.of(values);
            case "plating.creek-space-filling" -> cf = CreekSpaceFillingRule.Params.of(values);
            default -> throw new IllegalArgumentException("no wastewater rule " + ruleId);
        }
        return new WastewaterParams(trend, ph, of, nr, en, cc, sl, cf, outOfOrderness, maxDecisionLead);
    }

    static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
