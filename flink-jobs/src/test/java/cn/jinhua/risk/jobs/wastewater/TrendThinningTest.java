package cn.jinhua.risk.jobs.wastewater;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TrendThinningTest {
    @Example
    void aFastSensorsWindowIsThinnedEvenlyKeepingTheNewestAndOldestReadings() {
        List<Sample> window = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            window.add(new Sample(i * 1000L, "t" + i, i));
        }
        List<Sample> thin = LevelTrend.thinned(window);
        assertThat(thin).hasSize(LevelTrend.MAX_TREND_SAMPLES);
        assertThat(thin.get(thin.size() - 1).getTsMillis()).isEqualTo(599_000L);
        assertThat(thin.get(0).getTsMillis()).isEqualTo(0L);
        assertThat(thin).isSortedAccordingTo((a, b) -> Long.compare(a.getTsMillis(), b.getTsMillis()));
        assertThat(TheilSenTrend.fit(thin).orElseThrow().slopePerMinute()).isEqualTo(60.0);
    }

    @Example
    void aSlowSensorsWindowIsUntouched() {
        List<Sample> window = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            window.add(new Sample(i * 60_000L, "t" + i, i));
        }
        assertThat(LevelTrend.thinned(window)).isSameAs(window);
    }

    @Property(tries = 300)
    void anyWindowKeepsItsOldestAndNewestReadingsInOrderAndAtMostTheCap(@ForAll @IntRange(min = 1, max = 3_000) int size,
                                                                         @ForAll @IntRange(min = 1, max = 60_000) int stepMillis) {
        List<Sample> window = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            window.add(new Sample(i * (long) stepMillis, "t" + i, i));
        }
        List<Sample> thin = LevelTrend.thinned(window);
        assertThat(thin).hasSize(Math.min(size, LevelTrend.MAX_TREND_SAMPLES));
        assertThat(thin.get(0)).isSameAs(window.get(0));
        assertThat(thin.get(thin.size() - 1)).isSameAs(window.get(size - 1));
        assertThat(thin).isSortedAccordingTo((a, b) -> Long.compare(a.getTsMillis(), b.getTsMillis()))
                .doesNotHaveDuplicates().isSubsetOf(window);
    }
}
