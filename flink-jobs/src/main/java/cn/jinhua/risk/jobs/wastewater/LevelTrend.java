package cn.jinhua.risk.jobs.wastewater;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The level forecasts of {@link PoolOverflowForecastRule} and {@link CreekSpaceFillingRule}: a
 * Theil–Sen line over the readings of the last {@code window}, and when it reaches a level. A
 * level counts as rising only if the fitted rise over the whole window is at least
 * {@code minRiseM}, so sensor noise on flat water never forecasts. Levels in metres. Stateless and
 * thread-safe.
 */
public final class LevelTrend {
    /** Most readings a trend is fitted over: Theil–Sen is O(n²), and a fast sensor adds no insight. */
    static final int MAX_TREND_SAMPLES = 60;

    /**
     * @param window readings the robust trend is fitted over (last 10 min)
     * @param minReadings fewest readings in the window for a trend (5)
     * @param minRiseM the fitted rise over the window, metres, below which a level counts as flat:
     *     keeps ±1 cm sensor noise from ever forecasting anything
     * @param clearFactor an open forecast clears when the level stops rising or the predicted time
     *     grows beyond horizon × this factor (hysteresis against flapping at the horizon)
     */
    public record Params(Duration window, int minReadings, double minRiseM, double clearFactor) implements Serializable {
        public Params {
            WastewaterParams.positive(window, "trendWindow");
            if (minReadings < 3) {
                throw new IllegalArgumentException("minTrendReadings must be ≥ 3, got " + minReadings);
            }
            if (!(minRiseM >= 0)) {
                throw new IllegalArgumentException("minTrendRiseM must be ≥ 0 m, got " + minRiseM);
            }
            if (!(clearFactor >= 1)) {
                throw new IllegalArgumentException("forecastClearFactor must be ≥ 1, got " + clearFactor);
            }
        }
    }

    /**
     * A fitted trend and what it predicts about reaching a level.
     *
     * @param line the fit, null when there is none
     * @param reachesAt when the line reaches the level, Long.MAX_VALUE when it does not rise to it
     * @param predicted rising and reaching the level within the horizon
     * @param now the newest reading's time
     */
    record Trend(TheilSenTrend.Line line, boolean rising, long reachesAt, boolean predicted, long now) {
        static final Trend NONE = new Trend(null, false, Long.MAX_VALUE, false, 0);

        /** Whether an open forecast is over: no longer rising, or predicted well beyond the horizon. */
        boolean cleared(long horizonMillis, double clearFactor) {
            return !rising || reachesAt == Long.MAX_VALUE || reachesAt - now > horizonMillis * clearFactor;
        }
    }

    private final Params params;

    LevelTrend(Params params) {
        this.params = params;
    }

    Params params() {
        return params;
    }

    /** Appends the sample and drops readings older than the trend window. */
    List<Sample> slide(List<Sample> window, Sample sample) {
        window.add(sample);
        long from = sample.getTsMillis() - params.window().toMillis();
        window.removeIf(w -> w.getTsMillis() < from);
        return window;
    }

    /** The trend of the window towards {@code targetLevel} as of {@code now}, predicted within {@code horizonMillis}. */
    Trend trend(List<Sample> window, double targetLevel, long now, long horizonMillis) {
        if (window.size() < params.minReadings()) {
            return Trend.NONE;
        }
        Optional<TheilSenTrend.Line> line = TheilSenTrend.fit(thinned(window));
        if (line.isEmpty()) {
            return Trend.NONE;
        }
        double windowMinutes = params.window().toMillis() / 60_000.0;
        boolean rising = line.get().slopePerMinute() * windowMinutes >= params.minRiseM();
        Optional<Long> reaches = rising ? line.get().reaches(targetLevel, now) : Optional.empty();
        long at = reaches.orElse(Long.MAX_VALUE);
        return new Trend(line.get(), rising, at, rising && reaches.isPresent() && at - now <= horizonMillis, now);
    }

    /** The window, evenly thinned to at most {@link #MAX_TREND_SAMPLES} readings, always keeping the newest. */
    static List<Sample> thinned(List<Sample> window) {
        int n = window.size();
        if (n <= MAX_TREND_SAMPLES) {
            return window;
        }
        List<Sample> out = new ArrayList<>(MAX_TREND_SAMPLES);
        for (int i = 0; i < MAX_TREND_SAMPLES; i++) {
            out.add(window.get(n - 1 - (int) ((long) i * (n - 1) / (MAX_TREND_SAMPLES - 1))));
        }
        Collections.reverse(out);
        return out;
    }

    /** A forecast time to the nearest minute: finer would be false precision. */
    static long toMinute(long millis) {
        return Math.round(millis / 60_000.0) * 60_000L;
    }
}
