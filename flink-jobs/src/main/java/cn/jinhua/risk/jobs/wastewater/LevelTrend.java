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
 * {@code minRiseM}, so sensor noise on flat water never forecasts. Levels in metres. Also keeps the
 * recent readings of a sensor (its history), which the trends and the look-ups of other sensors'
 * readings ({@link ParkState#asOf}) read. Stateless and thread-safe.
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
    private final long keepMillis;

    /**
     * @param lookback how far back other rules look up a sensor's reading ({@link ParkState#asOf}):
     *     a history keeps the readings of the trend window or of twice this, whichever is longer
     */
    LevelTrend(Params params, Duration lookback) {
        this.params = params;
        this.keepMillis = Math.max(params.window().toMillis(), 2 * lookback.toMillis());
    }

    Params params() {
        return params;
    }

    /**
     * Adds a reading to a sensor's history in time order (a reading at a time already held is a
     * duplicate and left out) and drops what no rule reads any more: readings older than the
     * history's span before the newest, except the newest of those, which a look-up as of any time
     * within the span may still need.
     *
     * @return the history, oldest first
     */
    List<Sample> slide(List<Sample> history, Sample sample) {
        int i = history.size();
        while (i > 0 && history.get(i - 1).getTsMillis() > sample.getTsMillis()) {
            i--;
        }
        if (i > 0 && history.get(i - 1).getTsMillis() == sample.getTsMillis()) {
            return history;
        }
        history.add(i, sample);
        long from = history.get(history.size() - 1).getTsMillis() - keepMillis;
        int older = 0;
        while (older < history.size() && history.get(older).getTsMillis() < from) {
            older++;
        }
        if (older > 1) {
            history.subList(0, older - 1).clear();
        }
        return history;
    }

    /** The readings of a history within the trend window up to {@code now}, oldest first. */
    List<Sample> window(List<Sample> history, long now) {
        long from = now - params.window().toMillis();
        int a = 0;
        while (a < history.size() && history.get(a).getTsMillis() < from) {
            a++;
        }
        int b = history.size();
        while (b > a && history.get(b - 1).getTsMillis() > now) {
            b--;
        }
        return a == 0 && b == history.size() ? history : history.subList(a, b);
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
