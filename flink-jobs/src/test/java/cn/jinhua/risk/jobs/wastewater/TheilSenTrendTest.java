package cn.jinhua.risk.jobs.wastewater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class TheilSenTrendTest {
    private static final long T0 = 1_800_000_000_000L;

    private static List<Sample> line(double start, double perMinute, int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Sample(T0 + i * 60_000L, "t" + i, start + perMinute * i));
        }
        return out;
    }

    @Example
    void fitsAnExactLine() {
        TheilSenTrend.Line l = TheilSenTrend.fit(line(2.0, 0.01, 10)).orElseThrow();
        assertThat(l.slopePerMinute()).isCloseTo(0.01, within(1e-12));
        assertThat(l.valueAt(T0)).isCloseTo(2.0, within(1e-9));
        assertThat(l.reaches(2.5, T0 + 9 * 60_000L)).contains(T0 + 50 * 60_000L);
    }

    @Example
    void aFewWildReadingsDoNotMoveTheLine() {
        List<Sample> s = line(1.0, 0.02, 11);
        s.get(3).setValue(3.0);
        s.get(7).setValue(-1.0);
        TheilSenTrend.Line l = TheilSenTrend.fit(s).orElseThrow();
        assertThat(l.slopePerMinute()).isCloseTo(0.02, within(0.002));
        assertThat(l.valueAt(T0 + 10 * 60_000L)).isCloseTo(1.2, within(0.02));
    }

    @Example
    void aFallingOrFlatLineNeverReachesAHigherLevel() {
        assertThat(TheilSenTrend.fit(line(3.0, -0.01, 6)).orElseThrow().reaches(4.0, T0)).isEmpty();
        assertThat(TheilSenTrend.fit(line(3.0, 0.0, 6)).orElseThrow().reaches(4.0, T0)).isEmpty();
        assertThat(TheilSenTrend.fit(line(4.1, 0.0, 6)).orElseThrow().reaches(4.0, T0 + 60_000L))
                .as("already there").contains(T0 + 60_000L);
    }

    @Example
    void needsTwoDistinctTimes() {
        assertThat(TheilSenTrend.fit(line(1.0, 0.0, 1))).isEmpty();
        Sample a = new Sample(T0, "a", 1.0);
        Sample b = new Sample(T0, "b", 2.0);
        assertThat(TheilSenTrend.fit(List.of(a, b))).isEmpty();
    }

    @Property(tries = 500)
    void recoversAnyExactLineWhateverTheOrderOfItsReadings(@ForAll @DoubleRange(min = -5, max = 5) double start,
                                                          @ForAll @DoubleRange(min = -0.5, max = 0.5) double perMinute,
                                                          @ForAll @IntRange(min = 2, max = 60) int n,
                                                          @ForAll long shuffleSeed) {
        List<Sample> s = line(start, perMinute, n);
        Collections.shuffle(s, new Random(shuffleSeed));
        TheilSenTrend.Line l = TheilSenTrend.fit(s).orElseThrow();
        assertThat(l.slopePerMinute()).isCloseTo(perMinute, within(1e-9));
        assertThat(l.valueAt(T0)).isCloseTo(start, within(1e-6));
    }

    @Property(tries = 300)
    void fewerThanAQuarterOfWildReadingsBarelyMoveTheSlope(@ForAll @DoubleRange(min = -0.1, max = 0.1) double perMinute,
                                                           @ForAll @IntRange(min = 12, max = 40) int n,
                                                           @ForAll @DoubleRange(min = -50, max = 50) double wild,
                                                           @ForAll long where) {
        List<Sample> s = line(1.0, perMinute, n);
        Random r = new Random(where);
        for (int k = 0; k < n / 4; k++) {
            s.get(r.nextInt(n)).setValue(wild + k);
        }
        // A breakdown point of 29 %: the median slope stays among the clean pairs' slopes.
        assertThat(TheilSenTrend.fit(s).orElseThrow().slopePerMinute()).isCloseTo(perMinute, within(Math.abs(perMinute) + 0.05));
    }

    /** The median by selection is the median of the sorted values, whatever their order and repeats. */
    @Example
    void medianBySelectionIsTheSortedMedian() {
        Random r = new Random(1770);
        for (int n = 1; n <= 200; n++) {
            for (String shape : List.of("random", "sorted", "reversed", "repeats")) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (shape) {
                        case "sorted" -> i * 0.5;
                        case "reversed" -> (n - i) * 0.5;
                        case "repeats" -> r.nextInt(3);
                        default -> r.nextGaussian();
                    };
                }
                double[] sorted = v.clone();
                java.util.Arrays.sort(sorted);
                double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
                assertThat(TheilSenTrend.median(v)).as("%s of %d", shape, n).isEqualTo(expected);
            }
        }
    }
}
