package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.WORLD;
import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.at;
import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import com.espertech.esper.common.client.EPCompiled;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import cn.jinhua.risk.jobs.rules.LiveRules;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SluiceWatchFunctionTest {
    private static final EPCompiled EPL = SluiceWatchFunction.compileEpl();
    private static final String DOWN = "wy-sluice-down";
    private static final String DOWN_POS = "wy-sluice-down-pos";

    private KeyedBroadcastOperatorTestHarness<String, SluiceEvent, String, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        open();
    }

    /** Opened, the live rules' input idle in event time as in the job, so sluice events alone move it. */
    private void open() throws Exception {
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, SluiceEvent, String, Alert> newHarness() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new SluiceWatchFunction(WorldSnapshot.of(WORLD), WastewaterParams.defaults(), EPL, "risk.sensors"),
                List.of(LiveRules.BROADCAST)), (KeySelector<SluiceEvent, String>) SluiceEvent::sluiceId, Types.STRING,
                1, 1, 0);
    }

    private static SluiceEvent position(double minutes, double pct) {
        return SluiceEvent.position(DOWN, reading(DOWN_POS, minutes, pct));
    }

    private static SluiceEvent order(double minutes, String alertId) {
        long ts = at(minutes);
        return SluiceEvent.closeOrder(new SluiceCloseRequest(DOWN, ts, IsoTimes.format(ts), alertId,
                "plating.creek-contamination"));
    }

    private void feed(SluiceEvent... events) throws Exception {
        for (SluiceEvent e : events) {
            harness.processElement(e, e.tsMillis());
        }
    }

    @Test
    void alertsAtTheDeadlineWhenTheSluiceStaysOpen() throws Exception {
        feed(position(0, 100), order(1, "a-1"), position(2, 95), position(5, 60), position(9, 40), position(11, 35));
        harness.processWatermark(at(10.9));
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(at(12));

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("plating.sluice-not-closed");
            assertThat(a.subjectId()).isEqualTo(DOWN);
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.eventTime()).isEqualTo(IsoTimes.format(at(11)));
            assertThat(a.tier()).isEqualTo(3);
            assertThat(a.responseLevel()).isEqualTo("COUNTY");
            assertThat(a.incidentKey()).isEqualTo("WASTEWATER:creek:wy-creek-space");
            assertThat(a.evidence()).extracting(Alert.Evidence::key).containsExactly(DOWN_POS, "a-1");
            assertThat(a.evidence().get(0).value()).as("the reading at the deadline").isEqualTo(35.0);
            assertThat(a.recommendation().get("teams").toString()).contains("tm-wy-sluice", "tm-wy-county-emergency");
        });
    }

    @Test
    void staysQuietWhenTheSluiceClosesInTime() throws Exception {
        feed(position(0, 100), order(1, "a-1"), position(4, 50), position(8, 5), position(12, 4));
        harness.processWatermark(at(30));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(((HeapKeyedStateBackend<?>) ((AbstractStreamOperator<?>) harness.getTwoInputOperator())
                .getKeyedStateBackend()).numKeyValueStateEntries()).as("only the latest position is kept").isEqualTo(1);
    }

    @Test
    void closedReadingsBeforeTheOrderDoNotCountButAClosedSluiceNeedsNoWatch() throws Exception {
        feed(position(0, 3), order(1, "a-1"), position(20, 2));
        harness.processWatermark(at(30));
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void severalOrdersForTheSameSluiceGiveOneAlert() throws Exception {
        feed(position(0, 100), order(1, "a-1"), order(1, "a-1"), order(3, "a-2"), position(12, 100),
                order(15, "a-3"), position(30, 100));
        harness.processWatermark(at(40));
        assertThat(harness.extractOutputValues()).extracting(Alert::eventTime)
                .containsExactly(IsoTimes.format(at(11)));
    }

    @Test
    void aWatchSurvivesARestoreAndStillFiresAtItsDeadline() throws Exception {
        feed(position(0, 100), order(1, "a-1"), position(3, 80));
        harness.processWatermark(at(4));
        OperatorSubtaskState snapshot = harness.snapshot(1L, at(4));
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        open();
        feed(position(6, 70));
        harness.processWatermark(at(20));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.eventTime()).isEqualTo(IsoTimes.format(at(11)));
            assertThat(a.evidence().get(0).value()).isEqualTo(70.0);
        });
    }

    @Test
    void aRestoredWatchWhoseNextTimerIsItsDeadlineStillFires() throws Exception {
        feed(position(0, 100), order(1, "a-1"), position(3, 80));
        harness.processWatermark(at(4));
        OperatorSubtaskState snapshot = harness.snapshot(1L, at(4));
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        open();
        harness.processWatermark(at(20));
        assertThat(harness.extractOutputValues()).extracting(Alert::eventTime).containsExactly(IsoTimes.format(at(11)));
    }

    /** Regression: a restored runtime started at wall-clock time and scheduled past deadlines never. */
    @Test
    void aRestoredWatchFiresForEventTimesLongBeforeTheWallClock() throws Exception {
        long past = java.time.Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
        long minute = 60_000L;
        SensorReading open = new SensorReading(DOWN_POS, past, IsoTimes.format(past), 100, "PCT_OPEN", 0, 0);
        SluiceEvent order = SluiceEvent.closeOrder(new SluiceCloseRequest(DOWN, past + minute,
                IsoTimes.format(past + minute), "a-old", "plating.enclosure-water"));
        feed(SluiceEvent.position(DOWN, open), order);
        harness.processWatermark(past + 2 * minute);
        OperatorSubtaskState snapshot = harness.snapshot(1L, past + 2 * minute);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        open();
        harness.processWatermark(past + 30 * minute);
        assertThat(harness.extractOutputValues()).extracting(Alert::eventTime)
                .containsExactly(IsoTimes.format(past + 11 * minute));
    }

    @Test
    void aRestoredWatchWhoseSluiceThenClosesStaysQuiet() throws Exception {
        feed(position(0, 100), order(1, "a-1"));
        harness.processWatermark(at(2));
        OperatorSubtaskState snapshot = harness.snapshot(1L, at(2));
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        open();
        feed(position(5, 8));
        harness.processWatermark(at(20));
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
