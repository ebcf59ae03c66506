package cn.jinhua.risk.jobs.wastewater;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Theil–Sen robust line fit of a sensor series: the slope is the median of all pairwise slopes,
 * the intercept the median of the residual offsets. Up to 29 % of the points can be wild without
 * moving the line, which a least-squares fit cannot promise. O(n²) in the number of points; the
 * rules fit windows of a few dozen readings. Stateless and thread-safe.
 */
public final class TheilSenTrend {
    private TheilSenTrend() {
    }

    /**
     * A fitted line.
     *
     * @param slopePerMinute change of the value per minute (value units/min)
     * @param referenceMillis the time the intercept refers to, epoch ms
     * @param valueAtReference the fitted value at {@code referenceMillis}
     */
    public record Line(double slopePerMinute, long referenceMillis, double valueAtReference) {
        /** The fitted value at a time, epoch ms. */
        public double valueAt(long millis) {
            return valueAtReference + slopePerMinute * (millis - referenceMillis) / 60_000.0;
        }

        /**
         * When the line reaches {@code target}, epoch ms, or empty when it does not rise towards it.
         * A line already at or above the target reaches it at {@code fromMillis}.
         */
        public Optional<Long> reaches(double target, long fromMillis) {
            double now = valueAt(fromMillis);
            if (now >= target) {
                return Optional.of(fromMillis);
            }
            if (!(slopePerMinute > 0)) {
                return Optional.empty();
            }
            return Optional.of(fromMillis + Math.round((target - now) / slopePerMinute * 60_000.0));
        }
    }

    /**
     * Fits a line through the samples, or empty with fewer than two distinct times.
     *
     * @param samples readings in any order; times epoch ms
     */
    public static Optional<Line> fit(List<Sample> samples) {
        int n = samples.size();
        if (n < 2) {
            return Optional.empty();
        }
        long ref = samples.get(n - 1).getTsMillis();
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                long dt = samples.get(j).getTsMillis() - samples.get(i).getTsMillis();
                if (dt != 0) {
                    slopes[k++] = (samples.get(j).getValue() - samples.get(i).getValue()) / (dt / 60_000.0);
                }
            }
        }
        if (k == 0) {
            return Optional.empty();
        }
        double slope = median(Arrays.copyOf(slopes, k));
        double[] offsets = new double[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = samples.get(i).getValue() - slope * (samples.get(i).getTsMillis() - ref) / 60_000.0;
        }
        return Optional.of(new Line(slope, ref, median(offsets)));
    }

    static double median(double[] v) {
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }
}
