package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.WORLD;
import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.changes.AcceptedChanges;
import cn.jinhua.risk.jobs.feed.DeadLetter;
import cn.jinhua.risk.jobs.feed.FeedParser;
import cn.jinhua.risk.jobs.feed.FeedRecord;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.WorldFeatures;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Readings are checked against the live world and sent where it says, from the next record after a change. */
class SensorRouterTest {
    private static final FeedParser PARSER = new FeedParser(FeedTopics.defaults());
    private long offset;

    private static BroadcastOperatorTestHarness<FeedRecord, String, RoutedReading> open() throws Exception {
        BroadcastOperatorTestHarness<FeedRecord, String, RoutedReading> h = ProcessFunctionTestHarnesses
                .forBroadcastProcessFunction(new SensorRouter(WorldSnapshot.of(WORLD)), LiveRules.BROADCAST);
        h.processBroadcastWatermark(Long.MAX_VALUE);
        h.processWatermark(at(-2));
        return h;
    }

    private void send(BroadcastOperatorTestHarness<FeedRecord, String, RoutedReading> h, String sensorId,
                      double minutes, String valueAndUnit) throws Exception {
        String json = "{\"sensorId\":\"" + sensorId + "\",\"ts\":\"" + IsoTimes.format(at(minutes)) + "\"," + valueAndUnit + "}";
        FeedRecord r = PARSER.parse("risk.sensors", 0, offset++, json.getBytes(StandardCharsets.UTF_8));
        h.processElement(new StreamRecord<>(r, r.tsMillis()));
    }

    @Test
    void sendsEachSensorWhereTheWorldSaysWithItsUnit() throws Exception {
        try (var h = open()) {
            send(h, "wy-e03-pool-level", 0, "\"value\":3.1");
            send(h, "wy-wq-down-ph", 0, "\"value\":7.2,\"unit\":\"PH\"");
            send(h, "wy-sluice-down-pos", 0, "\"value\":100");
            send(h, "wy-rain", 0, "\"value\":2");

            assertThat(h.extractOutputValues()).extracting(r -> r.reading().sensorId(), r -> r.reading().unit(),
                    RoutedReading::ruleKey, RoutedReading::sluiceId, RoutedReading::worldVersion).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("wy-e03-pool-level", "M", "pools:wy-e01-pool", null, 1),
                    org.assertj.core.groups.Tuple.tuple("wy-wq-down-ph", "PH", "creek:wy-creek-space", null, 1),
                    org.assertj.core.groups.Tuple.tuple("wy-sluice-down-pos", "PCT_OPEN", null, "wy-sluice-down", 1),
                    org.assertj.core.groups.Tuple.tuple("wy-rain", "MM_PER_H", null, null, 1));
            assertThat(h.getSideOutput(SensorRouter.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void refusesASensorTheWorldDoesNotHaveAndAWrongUnitWithTheRecord() throws Exception {
        try (var h = open()) {
            send(h, "wy-nowhere", 0, "\"value\":1");
            send(h, "wy-creek-level", 0, "\"value\":120,\"unit\":\"CM\"");

            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(SensorRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue).satisfiesExactly(
                    d -> {
                        assertThat(d.reason()).isEqualTo(SensorRouter.UNKNOWN_SENSOR);
                        assertThat(d.detail()).isEqualTo("sensor 'wy-nowhere' does not exist in the world (version 1)");
                        assertThat(d.raw()).contains("wy-nowhere");
                        assertThat(d.sourceTopic()).isEqualTo("risk.sensors");
                        assertThat(d.offset()).isZero();
                    },
                    d -> {
                        assertThat(d.reason()).isEqualTo(SensorRouter.UNIT_MISMATCH);
                        assertThat(d.detail()).isEqualTo("unit 'CM' does not match sensor wy-creek-level's unit 'M'");
                        assertThat(d.offset()).isEqualTo(1);
                    });
        }
    }

    @Test
    void aPlantPutInLiveIsReadFromTheNextRecordAndTakenOutLiveIsRefusedAgain() throws Exception {
        LiveRules added = AcceptedChanges.afterChanges(WorldFeatures.batch("p-11", WorldFeatures.newPlant(), List.of()));
        LiveRules removed = AcceptedChanges.afterChanges(WorldFeatures.batch("p-11", WorldFeatures.newPlant(), List.of()),
                WorldFeatures.batch("p-11-out", List.of(), List.of("wy-pipe-05-wy-e11", "wy-e11-gate-depth",
                        "wy-e11-pool-level", "wy-e11-pool", "wy-e11", "tm-wy-e11")));
        try (var h = open()) {
            send(h, "wy-e11-pool-level", 0, "\"value\":3.5,\"unit\":\"M\"");
            h.processBroadcastElement(added.toJson(), 0);
            send(h, "wy-e11-pool-level", 1, "\"value\":3.5,\"unit\":\"M\"");
            send(h, "wy-e11-gate-depth", 1, "\"value\":2");
            h.processBroadcastElement(removed.toJson(), 0);
            send(h, "wy-e11-pool-level", 2, "\"value\":3.5");

            assertThat(h.extractOutputValues()).extracting(r -> r.reading().sensorId(), RoutedReading::ruleKey,
                    RoutedReading::worldVersion).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("wy-e11-pool-level", "pools:wy-e11-pool", 2),
                    org.assertj.core.groups.Tuple.tuple("wy-e11-gate-depth", "pools:wy-e11-pool", 2));
            assertThat(h.getSideOutput(SensorRouter.HISTORY_COPIES)).as("the park plans with the new pool's level")
                    .extracting(StreamRecord::getValue)
                    .extracting(r -> r.reading().sensorId(), RoutedReading::ruleKey, RoutedReading::sluiceId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("wy-e11-pool-level", "pools:wy-e01-pool", null));
            assertThat(h.getSideOutput(SensorRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                    .extracting(DeadLetter::offset, DeadLetter::detail).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(0L, "sensor 'wy-e11-pool-level' does not exist in the world (version 1)"),
                            org.assertj.core.groups.Tuple.tuple(3L, "sensor 'wy-e11-pool-level' does not exist in the world (version 3)"));
        }
    }

    /**
     * The router's event time is its feed's: a live change reaching a subtask whose feed is silent
     * neither makes it active without a watermark nor holds back the feed's watermark.
     */
    @Test
    void theLiveRulesNeverHoldBackOrWakeTheRoutersEventTime() throws Exception {
        LiveRules added = AcceptedChanges.afterChanges(WorldFeatures.batch("p-11", WorldFeatures.newPlant(), List.of()));
        try (var h = new org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness<>(
                new SensorRouter.FeedTimeOnly(new SensorRouter(WorldSnapshot.of(WORLD))))) {
            h.open();
            h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(at(0)));
            h.processElement2(added.toJson(), 0);
            h.processWatermarkStatus2(org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.ACTIVE);
            h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(at(1)));
            h.processWatermarkStatus1(org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.IDLE);

            assertThat(h.getOutput()).filteredOn(o -> o instanceof org.apache.flink.streaming.api.watermark.Watermark)
                    .extracting(o -> ((org.apache.flink.streaming.api.watermark.Watermark) o).getTimestamp())
                    .containsExactly(at(0), at(1));
            assertThat(h.getOutput()).filteredOn(o -> o instanceof org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus)
                    .containsExactly(org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus.IDLE);
        }
    }
}
