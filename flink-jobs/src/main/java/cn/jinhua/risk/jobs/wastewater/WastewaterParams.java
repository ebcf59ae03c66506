package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;
import java.time.Duration;

/**
 * Parameters of the wastewater rules that the world does not carry (thresholds such as highPct,
 * gateRampCm or the creek limits come from the world). Immutable and serializable; start from
 * {@link #defaults()} and change single values with the {@code with...} methods.
 *
 * @param trendWindow readings the robust trend is fitted over (SPEC: last 10 min)
 * @param minTrendReadings fewest readings in the window for a trend (SPEC: 5)
 * @param minTrendRiseM the fitted rise over the window, metres, below which a level counts as
 *     flat: keeps ±1 cm sensor noise from ever forecasting anything
 * @param overflowHorizon a pool forecast to overflow within this raises pool-overflow-forecast
 * @param forecastClearFactor an open forecast clears when the level stops rising or the predicted
 *     time grows beyond horizon × this factor (hysteresis against flapping at the horizon)
 * @param transferHorizon how long the neighbours must absorb the inflow (SPEC: 2 h)
 * @param transferCeilingOffsetPct receiving pools are filled up to highHighPct minus this
 * @param poolHighClearMarginPct pool-high clears below highPct minus this (SPEC: 5)
 * @param notReadyAfter how long a pool may stay above readinessMaxPct outside an incident
 * @param enclosureHighFraction gate depth ≥ this × gateRampCm raises enclosure-water HIGH
 * @param enclosureClearFraction enclosure-water clears below this × gateRampCm
 * @param contaminationConsecutive consecutive downstream exceedances for creek-contamination
 * @param sluiceCloseWindow how long a sluice has to close after a recommendation
 * @param sluiceClosedMaxPct a sluice reading at or below this % open counts as closed
 * @param creekFillHorizon the creek reach forecast to be full within this raises creek-space-filling
 */
public record WastewaterParams(
        Duration trendWindow,
        int minTrendReadings,
        double minTrendRiseM,
        Duration overflowHorizon,
        double forecastClearFactor,
        Duration transferHorizon,
        double transferCeilingOffsetPct,
        double poolHighClearMarginPct,
        Duration notReadyAfter,
        double enclosureHighFraction,
        double enclosureClearFraction,
        int contaminationConsecutive,
        Duration sluiceCloseWindow,
        double sluiceClosedMaxPct,
        Duration creekFillHorizon) implements Serializable {

    public WastewaterParams {
        positive(trendWindow, "trendWindow");
        positive(overflowHorizon, "overflowHorizon");
        positive(transferHorizon, "transferHorizon");
        positive(notReadyAfter, "notReadyAfter");
        positive(sluiceCloseWindow, "sluiceCloseWindow");
        positive(creekFillHorizon, "creekFillHorizon");
        if (minTrendReadings < 3) {
            throw new IllegalArgumentException("minTrendReadings must be ≥ 3, got " + minTrendReadings);
        }
        if (!(minTrendRiseM >= 0)) {
            throw new IllegalArgumentException("minTrendRiseM must be ≥ 0 m, got " + minTrendRiseM);
        }
        if (!(forecastClearFactor >= 1)) {
            throw new IllegalArgumentException("forecastClearFactor must be ≥ 1, got " + forecastClearFactor);
        }
        if (!(enclosureClearFraction > 0 && enclosureClearFraction <= enclosureHighFraction && enclosureHighFraction < 1)) {
            throw new IllegalArgumentException("need 0 < enclosureClearFraction ≤ enclosureHighFraction < 1, got "
                    + enclosureClearFraction + " and " + enclosureHighFraction);
        }
        if (contaminationConsecutive < 1) {
            throw new IllegalArgumentException("contaminationConsecutive must be ≥ 1, got " + contaminationConsecutive);
        }
        if (!(sluiceClosedMaxPct >= 0 && sluiceClosedMaxPct < 100)) {
            throw new IllegalArgumentException("sluiceClosedMaxPct must be within 0..100, got " + sluiceClosedMaxPct);
        }
        if (!(poolHighClearMarginPct >= 0) || !(transferCeilingOffsetPct >= 0)) {
            throw new IllegalArgumentException("percentage margins must be ≥ 0");
        }
    }

    /** SPEC §4 defaults. */
    public static WastewaterParams defaults() {
        return new WastewaterParams(Duration.ofMinutes(10), 5, 0.03, Duration.ofMinutes(30), 1.5,
                Duration.ofHours(2), 0.0, 5.0, Duration.ofHours(6), 0.5, 0.4, 2,
                Duration.ofMinutes(10), 10.0, Duration.ofMinutes(60));
    }

    public WastewaterParams withNotReadyAfter(Duration d) {
        return new WastewaterParams(trendWindow, minTrendReadings, minTrendRiseM, overflowHorizon, forecastClearFactor,
                transferHorizon, transferCeilingOffsetPct, poolHighClearMarginPct, d, enclosureHighFraction,
                enclosureClearFraction, contaminationConsecutive, sluiceCloseWindow, sluiceClosedMaxPct,
                creekFillHorizon);
    }

    public WastewaterParams withSluiceCloseWindow(Duration d) {
        return new WastewaterParams(trendWindow, minTrendReadings, minTrendRiseM, overflowHorizon, forecastClearFactor,
                transferHorizon, transferCeilingOffsetPct, poolHighClearMarginPct, notReadyAfter, enclosureHighFraction,
                enclosureClearFraction, contaminationConsecutive, d, sluiceClosedMaxPct, creekFillHorizon);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
