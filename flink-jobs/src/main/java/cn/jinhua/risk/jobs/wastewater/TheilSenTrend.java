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

    /**
     * The median, found by selection (expected linear time) rather than by sorting: the pool and
     * creek rules take it of up to 1,770 pairwise slopes for every reading, and a sort of each was
     * three quarters of the park rules' CPU over a day of readings every 10 s. Reorders {@code v}.
     */
    static double median(double[] v) {
        int m = v.length / 2;
        select(v, m);
        if (v.length % 2 == 1) {
            return v[m];
        }
        // Everything before m is at most v[m]: the lower middle is the largest of them.
        double lower = v[0];
        for (int i = 1; i < m; i++) {
            lower = Math.max(lower, v[i]);
        }
        return (lower + v[m]) / 2.0;
    }

    /** Puts the k-th smallest value at {@code v[k]}, the smaller ones before it, the larger after it. */
    private static void select(double[] v, int k) {
        int lo = 0;
        int hi = v.length - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // Median of three as pivot, so sorted or reversed windows (a steady rise) stay linear.
            if (v[mid] < v[lo]) {
                swap(v, mid, lo);
            }
            if (v[hi] < v[lo]) {
                swap(v, hi, lo);
            }
            if (v[hi] < v[mid]) {
                swap(v, hi, mid);
            }
            double pivot = v[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(v, i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void swap(double[] v, int a, int b) {
        double t = v[a];
        v[a] = v[b];
        v[b] = t;
    }
}
