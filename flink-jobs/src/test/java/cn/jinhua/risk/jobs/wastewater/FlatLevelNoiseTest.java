package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.SensorReading;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** Sensor noise on flat water never forecasts an overflow, whatever its pattern (shrunk to the simplest one that would). */
class FlatLevelNoiseTest {

    @Property(tries = 40)
    void aFlatLevelWithOneCentimetreNoiseNeverForecastsAnOverflow(
            @ForAll @Size(181) List<@DoubleRange(min = -0.01, max = 0.01) Double> noise) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> h = ParkHarness.open(ParkHarness.defaults());
        try {
            for (int m = 0; m < noise.size(); m++) {
                SensorReading r = reading("wy-e03-pool-level", m, 3.6 + noise.get(m));
                h.processElement(ParkHarness.routed(r), r.tsMillis());
            }
            h.processWatermark(WastewaterFixtures.at(noise.size()));
            assertThat(h.extractOutputValues()).extracting(Alert::ruleId).doesNotContain("plating.pool-overflow-forecast");
        } finally {
            h.close();
        }
    }
}
