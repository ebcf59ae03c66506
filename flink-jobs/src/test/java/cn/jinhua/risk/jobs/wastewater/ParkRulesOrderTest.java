package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.WORLD;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.BoundedShuffle;
import cn.jinhua.risk.jobs.ScenarioRuns;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.FeedParser;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import cn.jinhua.risk.replay.ScenarioFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * The same readings in another order within the 2-minute bound give the same alerts: the park
 * rules over each Wuyi seed story, its sensors' records interleaved at random within the bound (each
 * sensor's own in the order it sent them, as one Kafka partition keeps them), the watermark trailing
 * the newest reading by the bound as in the job. Ids, evidence, recommendations (transfer plans
 * included) and the sluice orders equal those of the story read in file order.
 */
class ParkRulesOrderTest {
    private static final long BOUND = 2 * WastewaterFixtures.MINUTE;
    private static final SensorRoutes ROUTES = SensorRoutes.of(WORLD);
    private static final List<SensorReading> PLANT_FIRE = readings("wuyi-plant-fire.jsonl");
    private static final List<SensorReading> RAINY_DAY = readings("wuyi-rainy-day.jsonl");
    private static final Outcome PLANT_FIRE_IN_ORDER = run(PLANT_FIRE);
    private static final Outcome RAINY_DAY_IN_ORDER = run(RAINY_DAY);

    /** What the rules put out, without the wall-clock detectedAt. */
    record Outcome(List<Map<String, Object>> alerts, List<SluiceCloseRequest> orders) {
    }

    @Property(tries = 25)
    void thePlantFireGivesTheSameAlertsInAnyOrderWithinTheBound(@ForAll long seed) {
        assertThat(PLANT_FIRE_IN_ORDER.alerts()).extracting(a -> a.get("ruleId")).containsExactly(
                "plating.pool-overflow-forecast", "plating.pool-high", "plating.enclosure-water", "plating.enclosure-water",
                "plating.creek-contamination");
        Outcome shuffled = run(BoundedShuffle.of(PLANT_FIRE, SensorReading::sensorId, SensorReading::tsMillis, BOUND,
                new Random(seed)));
        assertThat(shuffled.alerts()).containsExactlyInAnyOrderElementsOf(PLANT_FIRE_IN_ORDER.alerts());
        assertThat(shuffled.orders()).containsExactlyInAnyOrderElementsOf(PLANT_FIRE_IN_ORDER.orders());
    }

    @Property(tries = 10)
    void theRainyDayStaysQuietInAnyOrderWithinTheBound(@ForAll long seed) {
        assertThat(RAINY_DAY_IN_ORDER.alerts()).isEmpty();
        Outcome shuffled = run(BoundedShuffle.of(RAINY_DAY, SensorReading::sensorId, SensorReading::tsMillis, BOUND,
                new Random(seed)));
        assertThat(shuffled.alerts()).isEmpty();
    }

    private static List<SensorReading> readings(String file) {
        FeedParser parser = new FeedParser(FeedTopics.defaults());
        List<SensorReading> out = new ArrayList<>();
        long offset = 0;
        try {
            for (ScenarioFile.Entry e : ScenarioFile.read(ScenarioRuns.SCENARIOS.resolve(file))) {
                FeedRecord r = parser.parse(e.topic(), 0, offset++, e.value());
                // As the sensor router lets through: the world's sensors, in their units.
                if (r.sensor() != null && ROUTES.ruleKey(r.sensor().sensorId()) != null && (r.sensor().unit() == null
                        || r.sensor().unit().equals(WORLD.sensor(r.sensor().sensorId()).orElseThrow().unit()))) {
                    out.add(r.sensor());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Outcome run(List<SensorReading> readings) {
        try (KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> harness =
                     ParkHarness.open(ParkHarness.defaults())) {
            long newest = Long.MIN_VALUE;
            for (SensorReading r : readings) {
                harness.processElement(ParkHarness.routed(r), r.tsMillis());
                newest = Math.max(newest, r.tsMillis());
                harness.processWatermark(newest - BOUND);
            }
            harness.processWatermark(Long.MAX_VALUE);
            List<Map<String, Object>> alerts = new ArrayList<>();
            for (Alert a : harness.extractOutputValues()) {
                Map<String, Object> json = cn.jinhua.risk.jobs.io.Json.MAPPER.convertValue(a, Map.class);
                json.remove("detectedAt");
                alerts.add(json);
            }
            var side = harness.getSideOutput(ParkRulesFunction.CLOSE_REQUESTS);
            List<SluiceCloseRequest> orders = side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
            return new Outcome(alerts, orders);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
