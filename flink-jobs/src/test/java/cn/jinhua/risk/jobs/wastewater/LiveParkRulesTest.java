package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.changes.AcceptedChanges;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.WorldFeatures;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The park rules follow live changes on their broadcast input, and keep them across a restore. */
class LiveParkRulesTest {
    private static final String E03 = "wy-e03-pool-level";
    private static final String GATE_E03 = "wy-e03-gate-depth";
    private static final RuleCatalogue.Rule POOL_HIGH = RuleCatalogue.packaged().require("plating.pool-high");

    /** The catalogue's rules with pool-high at 75 % for every pool, as version 2. */
    private static String poolHighAt75() {
        LiveRules start = LiveRules.of(RuleCatalogue.packaged());
        return start.with(POOL_HIGH.id(), new LiveRules.LiveRule(2, true,
                POOL_HIGH.with(POOL_HIGH.defaults(), Map.of("highPct", 75)), null)).toJson();
    }

    /** Each reading, then the watermark the job's 2-minute bound gives it. */
    private static void feed(KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> h,
                             SensorReading... readings) throws Exception {
        for (SensorReading r : readings) {
            h.processElement(ParkHarness.routed(r), r.tsMillis());
            h.processWatermark(r.tsMillis() - 2 * WastewaterFixtures.MINUTE);
        }
    }

    /**
     * A reading that comes before any event time (the job just started or was restored) is decided
     * at the first watermark, which may be its own: the park need not report again first.
     */
    @Test
    void aReadingBeforeTheFirstWatermarkIsDecidedByItsOwnWatermark() throws Exception {
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            SensorReading high = reading(E03, 0, 3.5);
            h.processElement(ParkHarness.routed(high), high.tsMillis());
            assertThat(h.extractOutputValues()).as("no event time yet").isEmpty();
            h.processWatermark(high.tsMillis() - 2 * WastewaterFixtures.MINUTE - 1);
            assertThat(h.extractOutputValues()).extracting(Alert::ruleId, Alert::eventTime)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("plating.pool-high", high.ts()));
        }
    }

    /**
     * The sensor router may see a world change before this operator's broadcast input brings it: a
     * reading of a pool put in live waits for that world instead of being decided without its pool.
     */
    @Test
    void aReadingOfAPoolPutInLiveWaitsForTheWorldItWasRoutedWith() throws Exception {
        LiveRules added = AcceptedChanges.afterChanges(WorldFeatures.batch("p-11", WorldFeatures.newPlant(), List.of()));
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            feed(h, reading(E03, 0, 2.0));
            long t = WastewaterFixtures.at(1);
            // 3.5 m of the new 4.0 m pool is 87.5 %: above its 80 %.
            SensorReading e11 = new SensorReading("wy-e11-pool-level", t, IsoTimes.format(t), 3.5, "M", 0, 7L);
            h.processElement(new RoutedReading(e11, "pools:wy-e11-pool", null, 2), t);
            h.setProcessingTime(ParkRulesFunction.WORLD_WAIT_MS);
            assertThat(h.extractOutputValues()).as("world version 2 has not arrived").isEmpty();

            h.processBroadcastElement(added.toJson(), 0);
            h.setProcessingTime(2 * ParkRulesFunction.WORLD_WAIT_MS);

            assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
                assertThat(a.ruleId()).isEqualTo("plating.pool-high");
                assertThat(a.subjectId()).isEqualTo("wy-e11-pool");
                assertThat(a.worldVersion()).isEqualTo(2);
            });
            assertThat(ParkHarness.keyedStateEntries(h)).as("nothing left waiting: the park's state and the new pool's")
                    .isEqualTo(2);
        }
    }

    @Test
    void aReadingWhoseSensorWasTakenOutBeforeItWasDecidedGoesToTheDeadLetters() throws Exception {
        LiveRules addedAndRemoved = AcceptedChanges.afterChanges(
                WorldFeatures.batch("p-11", WorldFeatures.newPlant(), List.of()),
                WorldFeatures.batch("p-11-out", List.of(), List.of("wy-pipe-05-wy-e11", "wy-e11-gate-depth",
                        "wy-e11-pool-level", "wy-e11-pool", "wy-e11", "tm-wy-e11")));
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            h.processBroadcastElement(addedAndRemoved.toJson(), 0);
            feed(h, reading(E03, 0, 2.0));
            long t = WastewaterFixtures.at(1);
            SensorReading e11 = new SensorReading("wy-e11-pool-level", t, IsoTimes.format(t), 3.5, "M", 0, 7L);
            h.processElement(new RoutedReading(e11, "pools:wy-e11-pool", null, 2), t);

            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(cn.jinhua.risk.jobs.feed.RuleFailures.DEAD_LETTERS)).extracting(r -> r.getValue())
                    .singleElement().satisfies(d -> {
                        assertThat(d.reason()).isEqualTo(SensorRouter.UNKNOWN_SENSOR);
                        assertThat(d.detail()).isEqualTo("sensor wy-e11-pool-level was taken out of the world (version 3) before"
                                + " its reading of " + IsoTimes.format(t) + " (value 3.5) was decided");
                        assertThat(d.offset()).isEqualTo(7L);
                    });
        }
    }

    @Test
    void poolHighChangedTo75PercentLiveRaisesTheNextCrossingWithTheNewVersion() throws Exception {
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            // 3.1 m of the 4.0 m pool is 77.5 %: below the pool's own 80 %.
            feed(h, reading(E03, 0, 2.9), reading(E03, 1, 3.1), reading(E03, 2, 2.9));
            assertThat(h.extractOutputValues()).isEmpty();

            h.processBroadcastElement(poolHighAt75(), 0);
            feed(h, reading(E03, 3, 3.1));

            assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
                assertThat(a.ruleId()).isEqualTo("plating.pool-high");
                assertThat(a.ruleVersion()).isEqualTo(2);
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(a.worldVersion()).isEqualTo(1);
                assertThat(a.shadow()).isFalse();
            });
        }
    }

    @Test
    void aPoolsThresholdChangedInTheWorldLiveRaisesTheNextCrossingWithTheNewWorldVersion() throws Exception {
        LiveRules changed = AcceptedChanges.afterChanges(WorldFeatures.upsert("w-1",
                WorldFeatures.seed("wy-e03-pool", "highPct", 75), null));
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            feed(h, reading(E03, 0, 2.9), reading(E03, 1, 3.1), reading(E03, 2, 2.9));
            assertThat(h.extractOutputValues()).isEmpty();

            h.processBroadcastElement(changed.toJson(), 0);
            feed(h, reading(E03, 3, 3.1));

            assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
                assertThat(a.ruleId()).isEqualTo("plating.pool-high");
                assertThat(a.ruleVersion()).isEqualTo(1);
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(a.worldVersion()).isEqualTo(2);
            });
        }
    }

    private static LiveRules after(String... kindAndFields) {
        return AcceptedChanges.after(kindAndFields);
    }

    private static final String SHADOW_75 = "\"kind\": \"rule-shadow\", \"ruleId\": \"plating.pool-high\", "
            + "\"parameters\": {\"highPct\": 75}";

    @Test
    void aShadowVersionAndTheLiveOneBothRaiseOnTheSameReadingWithDifferentIds() throws Exception {
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            h.processBroadcastElement(after(SHADOW_75).toJson(), 0);
            feed(h, reading(E03, 0, 2.9), reading(E03, 1, 3.1));
            assertThat(h.extractOutputValues()).extracting(Alert::ruleVersion, Alert::shadow)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2, true));

            feed(h, reading(E03, 2, 3.3));
            List<Alert> alerts = h.extractOutputValues();
            assertThat(alerts).extracting(Alert::ruleId, Alert::ruleVersion, Alert::severity, Alert::shadow).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("plating.pool-high", 2, Severity.MEDIUM, true),
                    org.assertj.core.groups.Tuple.tuple("plating.pool-high", 1, Severity.MEDIUM, false));
            assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
        }
    }

    @Test
    void aPromotedShadowRaisesAsTheLiveVersionWithIdsTheShadowNeverHad() throws Exception {
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            h.processBroadcastElement(after(SHADOW_75).toJson(), 0);
            feed(h, reading(E03, 0, 2.9), reading(E03, 1, 3.1));
            Alert shadowAlert = h.extractOutputValues().get(0);

            h.processBroadcastElement(after(SHADOW_75,
                    "\"kind\": \"rule-promote\", \"ruleId\": \"plating.pool-high\"").toJson(), 0);
            feed(h, reading(E03, 2, 3.1));

            assertThat(h.extractOutputValues()).hasSize(2).last().satisfies(a -> {
                assertThat(a.ruleVersion()).isEqualTo(2);
                assertThat(a.shadow()).isFalse();
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(a.id()).isNotEqualTo(shadowAlert.id());
            });
        }
    }

    @Test
    void aStoppedShadowRaisesNothingMore() throws Exception {
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            h.processBroadcastElement(after(SHADOW_75).toJson(), 0);
            h.processBroadcastElement(after(SHADOW_75,
                    "\"kind\": \"rule-shadow-stop\", \"ruleId\": \"plating.pool-high\"").toJson(), 0);
            feed(h, reading(E03, 0, 2.9), reading(E03, 1, 3.1));
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void aRestoreKeepsTheShadowVersion() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            feed(h, reading(E03, 0, 2.9));
            h.processBroadcastElement(after(SHADOW_75).toJson(), 0);
            snapshot = h.snapshot(1L, WastewaterFixtures.at(1));
        }
        try (var h = ParkHarness.restored(snapshot)) {
            feed(h, reading(E03, 2, 3.1));
            assertThat(h.extractOutputValues()).extracting(Alert::ruleVersion, Alert::shadow)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2, true));
        }
    }

    @Test
    void aShadowOrdersNoSluiceClosed() throws Exception {
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            h.processBroadcastElement(after("\"kind\": \"rule-shadow\", \"ruleId\": \"plating.enclosure-water\", "
                    + "\"parameters\": {\"highFraction\": 0.9}").toJson(), 0);
            feed(h, reading(GATE_E03, 0, 1.0), reading(GATE_E03, 1, 20.0));
            assertThat(h.extractOutputValues()).extracting(Alert::shadow).contains(true, false);
            assertThat(h.getSideOutput(ParkRulesFunction.CLOSE_REQUESTS)).extracting(r -> r.getValue().alertId())
                    .containsOnlyElementsOf(h.extractOutputValues().stream().filter(a -> !a.shadow()).map(Alert::id).toList())
                    .isNotEmpty();
        }
    }

    @Test
    void aRuleTurnedOffRaisesNothingUntilTurnedOnAgain() throws Exception {
        LiveRules start = LiveRules.of(RuleCatalogue.packaged());
        LiveRules.LiveRule v1 = start.rule(POOL_HIGH.id());
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            h.processBroadcastElement(start.with(POOL_HIGH.id(),
                    new LiveRules.LiveRule(2, false, v1.parameters(), null)).toJson(), 0);
            feed(h, reading(E03, 0, 3.0), reading(E03, 1, 3.3));
            assertThat(h.extractOutputValues()).isEmpty();

            h.processBroadcastElement(start.with(POOL_HIGH.id(),
                    new LiveRules.LiveRule(3, true, v1.parameters(), null)).toJson(), 0);
            feed(h, reading(E03, 2, 3.1), reading(E03, 3, 3.3));
            assertThat(h.extractOutputValues()).extracting(Alert::ruleId, Alert::ruleVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("plating.pool-high", 3));
        }
    }

    @Test
    void aRestoreKeepsTheChangedRule() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = ParkHarness.open(ParkHarness.defaults())) {
            feed(h, reading(E03, 0, 2.9));
            h.processBroadcastElement(poolHighAt75(), 0);
            snapshot = h.snapshot(1L, WastewaterFixtures.at(1));
        }
        try (var h = ParkHarness.restored(snapshot)) {
            feed(h, reading(E03, 2, 3.1));
            assertThat(h.extractOutputValues()).extracting(Alert::ruleId, Alert::ruleVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("plating.pool-high", 2));
        }
    }
}
