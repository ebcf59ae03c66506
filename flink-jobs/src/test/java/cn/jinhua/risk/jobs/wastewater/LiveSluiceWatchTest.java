package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.WORLD;
import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.changes.AcceptedChanges;
import cn.jinhua.risk.jobs.feed.RuleFailures;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.WorldFeatures;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sluice watch follows live changes of its rule on its broadcast input, and keeps them across a restore. */
class LiveSluiceWatchTest {
    private static final String DOWN = "wy-sluice-down";
    private static final String RULE = "\"ruleId\": \"plating.sluice-not-closed\", ";
    private static final String FIVE_MINUTES = "\"kind\": \"rule-parameters\", " + RULE
            + "\"parameters\": {\"closeWindowMinutes\": 5}";
    /** A module that never judges a sluice open: positions above 1000 % never come. */
    private static final String NEVER = "@name('plating.sluice-not-closed') select o.sluiceId as sluiceId "
            + "from pattern [every o=SluiceCloseOrder -> SluicePosition(sluiceId = o.sluiceId, pctOpen > 1000)]";
    /** The catalogue's pattern written another way: a new module that judges as the old one did. */
    private static final String SAME_AS_CATALOGUE = "@name('plating.sluice-not-closed') select o.sluiceId as sluiceId "
            + "from pattern [every o=SluiceCloseOrder -> (timer:interval(o.waitMillis / 1000.0) "
            + "and not SluicePosition(sluiceId = o.sluiceId, pctOpen <= o.closedMaxPct))]";

    private KeyedBroadcastOperatorTestHarness<String, SluiceEvent, String, Alert> h;

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, SluiceEvent, String, Alert> create() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new SluiceWatchFunction(WorldSnapshot.of(WORLD), WastewaterParams.defaults(),
                        SluiceWatchFunction.compileEpl(), "risk.sensors"), List.of(LiveRules.BROADCAST)),
                (KeySelector<SluiceEvent, String>) SluiceEvent::sluiceId, Types.STRING, 1, 1, 0);
    }

    private void open(OperatorSubtaskState restoreFrom) throws Exception {
        h = create();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
    }

    private void live(LiveRules rules) throws Exception {
        h.processBroadcastElement(rules.toJson(), 0);
    }

    private void position(double minutes, double pct) throws Exception {
        position(DOWN, minutes, pct);
    }

    private void position(String sluice, double minutes, double pct) throws Exception {
        long ts = at(minutes);
        SluiceEvent e = SluiceEvent.position(sluice,
                new SensorReading(sluice + "-pos", ts, IsoTimes.format(ts), pct, "PCT_OPEN", 0, 0L));
        h.processElement(e, ts);
    }

    private void order(double minutes, String alertId) throws Exception {
        order(DOWN, minutes, alertId);
    }

    private void order(String sluice, double minutes, String alertId) throws Exception {
        long ts = at(minutes);
        SluiceEvent e = SluiceEvent.closeOrder(new SluiceCloseRequest(sluice, ts, IsoTimes.format(ts), alertId,
                "plating.enclosure-water"));
        h.processElement(e, ts);
    }

    private void watermark(double minutes) throws Exception {
        h.processWatermark(at(minutes));
    }

    private static String minute(double m) {
        return IsoTimes.format(at(m));
    }

    @Test
    void aClosingWindowChangedLiveCountsForTheNextOrderAndTheAlertCarriesTheNewVersion() throws Exception {
        open(null);
        position(0, 100);
        order(1, "a-1");
        watermark(2);
        live(AcceptedChanges.after(FIVE_MINUTES));
        position(3, 100);
        position(19, 5);
        position(20, 100);
        order(21, "a-2");
        position(22, 90);
        watermark(40);

        assertThat(h.extractOutputValues()).extracting(Alert::eventTime, Alert::ruleVersion)
                .as("the watch started before the change keeps its 10 minutes; the next one has 5; both are"
                        + " raised by version 2")
                .containsExactly(tuple(minute(11), 2), tuple(minute(26), 2));
        assertThat(h.extractOutputValues().get(1).title()).contains("5 min after the order");
    }

    @Test
    void aRuleTurnedOffWatchesNothingAndTurnedOnWatchesAgain() throws Exception {
        open(null);
        live(AcceptedChanges.after("\"kind\": \"rule-enabled\", " + RULE + "\"enabled\": false"));
        position(0, 100);
        order(1, "a-1");
        position(12, 100);
        watermark(13);
        assertThat(h.extractOutputValues()).isEmpty();

        live(AcceptedChanges.after("\"kind\": \"rule-enabled\", " + RULE + "\"enabled\": false",
                "\"kind\": \"rule-enabled\", " + RULE + "\"enabled\": true"));
        order(14, "a-2");
        position(25, 100);
        watermark(30);
        assertThat(h.extractOutputValues()).extracting(Alert::eventTime, Alert::ruleVersion)
                .containsExactly(tuple(minute(24), 3));
    }

    @Test
    void aNewModuleIsSentTheWatchedOrderAndTheOldOneNoLongerJudges() throws Exception {
        open(null);
        position(0, 100);
        order(1, "a-1");
        watermark(2);
        live(AcceptedChanges.after("\"kind\": \"rule-epl\", " + RULE + "\"epl\": \"" + NEVER + "\""));
        position(5, 100);
        position(12, 100);
        watermark(20);
        assertThat(h.extractOutputValues()).as("only the new module judges, and it never matches").isEmpty();

        live(AcceptedChanges.after("\"kind\": \"rule-epl\", " + RULE + "\"epl\": \"" + NEVER + "\"",
                "\"kind\": \"rule-epl\", " + RULE + "\"epl\": \"" + SAME_AS_CATALOGUE + "\""));
        order(21, "a-2");
        watermark(23);
        live(AcceptedChanges.after("\"kind\": \"rule-epl\", " + RULE + "\"epl\": \"" + NEVER + "\"",
                "\"kind\": \"rule-epl\", " + RULE + "\"epl\": \"" + SAME_AS_CATALOGUE + "\"",
                "\"kind\": \"rule-parameters\", " + RULE + "\"parameters\": {\"closedMaxPct\": 5}",
                "\"kind\": \"rule-epl\", " + RULE + "\"epl\": \"" + SAME_AS_CATALOGUE + " " + "\""));
        position(25, 60);
        watermark(40);
        assertThat(h.extractOutputValues()).extracting(Alert::eventTime, Alert::ruleVersion)
                .as("the order watched across a module change is judged once, by the module in use at its deadline")
                .containsExactly(tuple(minute(31), 5));
    }

    @Test
    void aShadowWindowWatchesTheSameOrdersBesideTheLiveOne() throws Exception {
        open(null);
        live(AcceptedChanges.after("\"kind\": \"rule-shadow\", " + RULE + "\"parameters\": {\"closeWindowMinutes\": 5}"));
        position(0, 100);
        order(1, "a-1");
        position(8, 100);
        position(12, 100);
        watermark(20);

        assertThat(h.extractOutputValues()).extracting(Alert::eventTime, Alert::ruleVersion, Alert::shadow)
                .containsExactly(tuple(minute(6), 2, true), tuple(minute(11), 1, false));
        assertThat(h.extractOutputValues().get(0).id()).isNotEqualTo(h.extractOutputValues().get(1).id());
    }

    @Test
    void aSluicePutInLiveIsWatchedAndOneTakenOutWhileWatchedEndsItsWatch() throws Exception {
        String mid = "wy-sluice-mid";
        String in = WorldFeatures.batch("sl-in", WorldFeatures.newSluice(), List.of());
        open(null);
        live(AcceptedChanges.afterChanges(in));
        position(mid, 0, 100);
        position(0, 100);
        order(mid, 1, "a-1");
        order(1, "a-1");
        watermark(2);
        live(AcceptedChanges.afterChanges(in,
                WorldFeatures.batch("sl-out", List.of(), List.of("wy-sluice-down", "wy-sluice-down-pos"))));
        position(mid, 5, 100);
        watermark(20);

        assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.subjectId()).isEqualTo(mid);
            assertThat(a.eventTime()).isEqualTo(minute(11));
            assertThat(a.worldVersion()).isEqualTo(3);
            assertThat(a.recommendation().get("sluice").toString()).contains("positionSensor=wy-sluice-mid-pos");
        });
        assertThat(h.getSideOutput(RuleFailures.DEAD_LETTERS)).as("the watch of the sluice taken out ends, no failure")
                .isNullOrEmpty();
    }

    @Test
    void theChangedRuleAndTheWatchSurviveARestore() throws Exception {
        open(null);
        live(AcceptedChanges.after(FIVE_MINUTES));
        position(0, 100);
        order(1, "a-1");
        watermark(2);
        OperatorSubtaskState snapshot = h.snapshot(1L, at(2));
        h.close();

        open(snapshot);
        order(10, "a-2");
        position(20, 100);
        watermark(30);
        assertThat(h.extractOutputValues()).extracting(Alert::eventTime, Alert::ruleVersion)
                .as("the watch restored fires at its 5-minute deadline; later orders wait for the sluice to close")
                .containsExactly(tuple(minute(6), 2));
    }
}
