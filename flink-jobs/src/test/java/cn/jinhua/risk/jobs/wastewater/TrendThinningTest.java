package cn.jinhua.risk.jobs.wastewater;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendThinningTest {
    @Test
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

    @Test
    void aSlowSensorsWindowIsUntouched() {
        List<Sample> window = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            window.add(new Sample(i * 60_000L, "t" + i, i));
        }
        assertThat(LevelTrend.thinned(window)).isSameAs(window);
    }
}
