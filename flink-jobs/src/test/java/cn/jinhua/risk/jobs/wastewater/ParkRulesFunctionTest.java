package cn.jinhua.risk.jobs.wastewater;

import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.MINUTE;
import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.WORLD;
import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.at;
import static cn.jinhua.risk.jobs.wastewater.WastewaterFixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.contract.Severity;
import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The park rules through their Flink operator: readings go in with event-time timestamps and are
 * decided as they arrive, the watermark trailing the newest by the 2-minute bound as in the job;
 * alerts and sluice orders come out. Pool e03: 600 m³, 4 m deep (150 m²), high 80 % = 3.2 m,
 * high-high 95 % = 3.8 m, readiness 33 % = 1.32 m.
 */
class ParkRulesFunctionTest {
    private static final String E03 = "wy-e03-pool-level";
    private static final SensorRoutes ROUTES = SensorRoutes.of(WORLD);

    private KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
    }

    static KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> newHarness() throws Exception {
        return ParkHarness.create(ParkHarness.defaults());
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** Feeds the readings in the order given, the watermark 2 minutes behind the newest, then ends the input. */
    private List<Alert> run(List<SensorReading> readings) throws Exception {
        feed(readings);
        harness.processWatermark(Long.MAX_VALUE);
        return harness.extractOutputValues();
    }

    private void feed(List<SensorReading> readings) throws Exception {
        long newest = Long.MIN_VALUE;
        for (SensorReading r : readings) {
            harness.processElement(ParkHarness.routed(r), r.tsMillis());
            newest = Math.max(newest, r.tsMillis());
            harness.processWatermark(newest - 2 * MINUTE);
        }
    }

    /** The readings in time order, as one sensor network sends them (stable for equal times). */
    private static List<SensorReading> inTimeOrder(List<SensorReading> readings) {
        return readings.stream().sorted(java.util.Comparator.comparingLong(SensorReading::tsMillis)).toList();
    }

    private static List<Alert> of(List<Alert> alerts, String ruleId) {
        return alerts.stream().filter(a -> a.ruleId().equals(ruleId)).toList();
    }

    /** A level every minute from {@code fromMin} to {@code toMin}: start + slope × t + noise. */
    private static List<SensorReading> series(String sensor, int fromMin, int toMin, double start, double slopePerMin,
                                              double noise, long seed) {
        Random rnd = new Random(seed);
        List<SensorReading> out = new ArrayList<>();
        for (int m = fromMin; m <= toMin; m++) {
            double n = noise == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * noise;
            out.add(reading(sensor, m, start + slopePerMin * (m - fromMin) + n));
        }
        return out;
    }

    // ---- pool-high ----------------------------------------------------------------------------

    @Test
    void poolHighIsMediumThenHighAndDoesNotFlapAroundTheThreshold() throws Exception {
        List<SensorReading> in = new ArrayList<>();
        double[] levels = {3.10, 3.21, 3.19, 3.22, 3.18, 3.21, 3.35, 3.81, 3.79, 3.82, 3.50, 2.95, 3.05, 3.21};
        for (int i = 0; i < levels.length; i++) {
            in.add(reading(E03, i * 20, levels[i]));
        }
        List<Alert> high = of(run(in), "plating.pool-high");

        assertThat(high).extracting(Alert::severity, Alert::eventTime).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, IsoTimes.format(at(20))),
                org.assertj.core.groups.Tuple.tuple(Severity.HIGH, IsoTimes.format(at(140))),
                org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, IsoTimes.format(at(260))));
        Alert hh = high.get(1);
        assertThat(hh.subjectId()).isEqualTo("wy-e03-pool");
        assertThat(hh.incidentKey()).isEqualTo("WASTEWATER:plant:wy-e03");
        assertThat(hh.tier()).isEqualTo(1);
        assertThat(hh.responseLevel()).isEqualTo("PARK");
        assertThat(high.get(0).responseLevel()).isEqualTo("ENTERPRISE");
        assertThat(hh.zoneIds()).contains("wy-park", "wy-e03");
        assertThat(hh.evidence()).singleElement().satisfies(e -> assertThat(e.value()).isEqualTo(3.81));
        assertThat(hh.titleZh()).contains("企业03事故应急池");
        assertThat(hh.recommendation().get("connections").toString()).contains("wy-pipe-02-03", "wy-pipe-03-04", "wy-pipe-03-08");
        assertThat(hh.recommendation().get("teams").toString()).contains("tm-wy-e03", "tm-wy-park");
    }

    @Test
    void duplicatedAndReorderedReadingsGiveTheSameSingleAlert() throws Exception {
        SensorReading a = reading(E03, 0, 3.0);
        SensorReading b = reading(E03, 1, 3.3);
        List<Alert> alerts = run(List.of(b, a, b, a, b));
        assertThat(of(alerts, "plating.pool-high")).singleElement()
                .satisfies(x -> assertThat(x.eventTime()).isEqualTo(IsoTimes.format(at(1))));
        assertThat(ParkHarness.keyedStateEntries(harness)).as("pending readings are gone, the park state stays").isEqualTo(1);
    }

    // ---- decided on arrival --------------------------------------------------------------------

    @Test
    void aCrossingFiresOnItsOwnReadingWithoutWaitingForTheWatermark() throws Exception {
        harness.processWatermark(at(-2));
        harness.processElement(ParkHarness.routed(reading(E03, 0, 3.10)), at(0));
        harness.processElement(ParkHarness.routed(reading(E03, 1, 3.25)), at(1));
        // No watermark has passed minute 1: the alert is out all the same.
        assertThat(of(harness.extractOutputValues(), "plating.pool-high")).singleElement()
                .satisfies(a -> assertThat(a.eventTime()).isEqualTo(IsoTimes.format(at(1))));
    }

    @Test
    void aReadingHeldBeforeTheFirstWatermarkHoldsNoLaterCrossingBack() throws Exception {
        harness.processElement(ParkHarness.routed(reading(E03, 0, 3.10)), at(0));   // no watermark yet: held until minute -2
        harness.processWatermark(at(-3));
        harness.processElement(ParkHarness.routed(reading(E03, 1, 3.15)), at(1));
        harness.processElement(ParkHarness.routed(reading(E03, 2, 3.25)), at(2));
        // The watermark stays far behind minute 2 (its release): the crossing is out on arrival.
        assertThat(of(harness.extractOutputValues(), "plating.pool-high")).singleElement()
                .satisfies(a -> assertThat(a.eventTime()).isEqualTo(IsoTimes.format(at(2))));
        assertThat(ParkHarness.keyedStateEntries(harness)).as("nothing is left held").isEqualTo(1);
    }

    @Test
    void aReadingOlderThanItsSensorsNewestJoinsTheTrendButNeverFires() throws Exception {
        List<SensorReading> rise = series(E03, 0, 8, 3.40, 0.02, 0, 0);
        List<SensorReading> in = new ArrayList<>(rise);
        in.set(3, rise.get(4));
        in.set(4, rise.get(3));                        // minute 3 comes after minute 4
        in.add(reading(E03, 2.5, 3.85));               // late and over high-high: it fires nothing
        List<Alert> alerts = run(in);

        assertThat(of(alerts, "plating.pool-high")).extracting(Alert::severity).containsExactly(Severity.MEDIUM);
        // Minute 4 still had only four readings in its window; minute 5 forecasts with minute 3 in it.
        Alert forecast = of(alerts, "plating.pool-overflow-forecast").get(0);
        assertThat(forecast.eventTime()).isEqualTo(IsoTimes.format(at(5)));
        assertThat(forecast.evidence()).extracting(Alert.Evidence::ts).contains(IsoTimes.format(at(3)));
    }

    @Test
    void aBacklogFarAheadOfTheWatermarkWaitsAndIsDecidedInTimeOrder() throws Exception {
        List<SensorReading> inOrder = new ArrayList<>(List.of(reading("wy-e02-pool-level", 0, 1.0),
                reading("wy-e04-pool-level", 0, 1.0), reading("wy-e08-pool-level", 0, 1.0)));
        inOrder.addAll(series(E03, 0, 14, 3.62, 0.01, 0, 0));
        inOrder.addAll(List.of(reading("wy-e02-pool-level", 9, 3.75),
                reading("wy-e04-pool-level", 9, 3.75), reading("wy-e08-pool-level", 9, 3.75)));
        List<Alert> straight = run(inTimeOrder(inOrder));

        harness.close();
        harness = newHarness();
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        // A restart reads the pool's partition first, the neighbours' one behind it: the watermark
        // stays where the neighbours' partition is.
        harness.processWatermark(at(-3));
        for (SensorReading r : inOrder) {
            harness.processElement(ParkHarness.routed(r), r.tsMillis());
        }
        assertThat(harness.extractOutputValues()).as("nothing decided while far ahead").hasSizeLessThan(straight.size());
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).extracting(Alert::id, Alert::recommendation)
                .containsExactlyElementsOf(straight.stream()
                        .map(a -> org.assertj.core.groups.Tuple.tuple(a.id(), a.recommendation())).toList());
        assertThat(ParkHarness.keyedStateEntries(harness)).as("held readings are gone, the park state stays").isEqualTo(1);
    }

    // ---- pool-overflow-forecast ---------------------------------------------------------------

    @Test
    void aSlowRiseFromHalfFullDoesNotForecastAnOverflowWithin30Minutes() throws Exception {
        List<Alert> alerts = run(series(E03, 0, 120, 2.0, 0.002, 0.01, 7));
        assertThat(of(alerts, "plating.pool-overflow-forecast")).isEmpty();
    }

    @Test
    void aFastRiseForecastsTheOverflowAndClearsWhenTheLevelStopsRising() throws Exception {
        List<SensorReading> in = new ArrayList<>();
        in.addAll(series(E03, 0, 14, 3.40, 0.02, 0.005, 3));     // 2 cm/min: 3.40 → 3.68
        in.addAll(series(E03, 15, 40, 3.68, 0.0, 0.005, 4));     // stops rising: the forecast clears
        in.addAll(series(E03, 41, 50, 3.68, 0.02, 0.005, 5));    // rises again: a new forecast
        List<Alert> forecasts = of(run(in), "plating.pool-overflow-forecast");

        assertThat(forecasts).hasSize(2);
        Alert first = forecasts.get(0);
        assertThat(first.severity()).isEqualTo(Severity.HIGH);
        assertThat(first.tier()).isEqualTo(1);
        assertThat(first.eventTime()).isEqualTo(IsoTimes.format(at(4)));
        // 3.48 m at minute 4, 0.52 m to go at 2 cm/min: about 26 minutes later.
        long predicted = java.time.OffsetDateTime.parse(first.predictedOverflowAt()).toInstant().toEpochMilli();
        assertThat((double) predicted).isCloseTo((double) at(30), within(2.0 * 60_000));
        assertThat(first.evidence()).hasSize(5);
        assertThat(forecasts.get(1).eventTime()).isGreaterThan(IsoTimes.format(at(41)));
    }

    @Test
    void aRestoreInTheMiddleOfARiseGivesTheSameForecastAndPlan() throws Exception {
        List<SensorReading> in = new ArrayList<>(List.of(reading("wy-e02-pool-level", 0, 1.0)));
        in.addAll(series(E03, 0, 12, 3.62, 0.01, 0, 0));
        List<Alert> straight = run(in);

        harness.close();
        harness = newHarness();
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        feed(in.subList(0, 7));                            // e02 and e03's minutes 0..5 decided
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot = harness.snapshot(1L, at(5));
        List<Alert> resumed = new ArrayList<>(harness.extractOutputValues());
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        feed(in.subList(7, in.size()));                    // minutes 6..12 after the restore
        harness.processWatermark(Long.MAX_VALUE);
        resumed.addAll(harness.extractOutputValues());

        assertThat(resumed).extracting(Alert::id, Alert::recommendation)
                .containsExactlyElementsOf(straight.stream()
                        .map(a -> org.assertj.core.groups.Tuple.tuple(a.id(), a.recommendation())).toList());
        assertThat(straight).extracting(Alert::ruleId).contains("plating.pool-overflow-forecast");
    }

    // ---- transfer plans, hand-computed -------------------------------------------------------

    /** Pool e03 rising {@code cmPerMin} from {@code start} m, readings every minute for 10 min. */
    private Alert forecastWith(Map<String, Double> others, double start, double cmPerMin) throws Exception {
        List<SensorReading> in = new ArrayList<>();
        others.forEach((sensor, level) -> in.add(reading(sensor, 0, level)));
        in.addAll(series(E03, 0, 10, start, cmPerMin / 100.0, 0, 0));
        List<Alert> forecasts = of(run(in), "plating.pool-overflow-forecast");
        assertThat(forecasts).isNotEmpty();
        return forecasts.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plan(Alert a) {
        return (Map<String, Object>) a.recommendation().get("transferPlan");
    }

    @Test
    void theNearestNeighbourWithRoomTakesTheWholeInflow() throws Exception {
        // 1 cm/min × 150 m² = 90 m³/h. e02 (112.5 m²) at 1.0 m has (3.8 − 1.0) × 112.5 = 315 m³ for
        // 2 h = 157.5 m³/h through pipe 02-03 (120 m³/h): it takes all 90.
        Alert a = forecastWith(Map.of("wy-e02-pool-level", 1.0, "wy-e04-pool-level", 1.0, "wy-e08-pool-level", 1.0),
                3.62, 1.0);
        Map<String, Object> plan = plan(a);
        assertThat((Double) plan.get("inflowM3h")).isCloseTo(90.0, within(0.1));
        assertThat(plan.get("sufficient")).isEqualTo(true);
        assertThat(plan.get("intakes").toString()).contains("tankId=wy-e02-pool", "hops=1", "rateM3h=90.0");
        assertThat(plan.get("pipeFlows").toString()).contains("pipeId=wy-pipe-02-03", "rateM3h=90.0");
        assertThat(a.responseLevel()).isEqualTo("ENTERPRISE");
    }

    @Test
    void nearlyFullNeighboursLeaveAShortfallAndRaiseTheLevelToPark() throws Exception {
        // Neighbours at 3.7 m: 0.1 m below the 95 % ceiling. e02 11.25 m³, e04 8.75 m³, e08 6.25 m³
        // over 2 h = 5.625 + 4.375 + 3.125 = 13.125 m³/h; 2-hop pools are unknown (no spare).
        Alert a = forecastWith(Map.of("wy-e02-pool-level", 3.7, "wy-e04-pool-level", 3.7, "wy-e08-pool-level", 3.7),
                3.62, 1.0);
        Map<String, Object> plan = plan(a);
        assertThat((Double) plan.get("absorbedM3h")).isCloseTo(13.1, within(0.1));
        assertThat((Double) plan.get("shortfallM3h")).isCloseTo(76.9, within(0.1));
        assertThat((Double) plan.get("shortfallM3")).isCloseTo(153.8, within(0.2));
        assertThat(plan.get("sufficient")).isEqualTo(false);
        assertThat(a.responseLevel()).isEqualTo("PARK");
        assertThat(a.title()).contains("cannot absorb");
        assertThat(a.recommendation().get("teams").toString()).contains("tm-wy-park");
    }

    @Test
    void twoHopsThroughAFullNeighbourAreBoundedByThePipe() throws Exception {
        // 1.667 cm/min × 150 m² = 150 m³/h. e02, e04, e08 full at the ceiling; e01 (75 m²) at 0.4 m has
        // 255 m³ = 127.5 m³/h for 2 h, reached through pipes 02-03 and 01-02 (120 m³/h each): 120
        // m³/h go to e01, 30 m³/h have nowhere to go.
        Alert a = forecastWith(Map.of("wy-e02-pool-level", 3.8, "wy-e04-pool-level", 3.8, "wy-e08-pool-level", 3.8,
                "wy-e01-pool-level", 0.4), 3.50, 100.0 / 60.0);
        Map<String, Object> plan = plan(a);
        assertThat((Double) plan.get("inflowM3h")).isCloseTo(150.0, within(0.1));
        assertThat((Double) plan.get("absorbedM3h")).isCloseTo(120.0, within(0.1));
        assertThat((Double) plan.get("shortfallM3h")).isCloseTo(30.0, within(0.1));
        assertThat(plan.get("intakes").toString()).contains("tankId=wy-e01-pool", "hops=2", "rateM3h=120.0");
        assertThat(plan.get("pipeFlows").toString())
                .contains("pipeId=wy-pipe-02-03, fromTankId=wy-e03-pool, toTankId=wy-e02-pool, rateM3h=120.0")
                .contains("pipeId=wy-pipe-01-02, fromTankId=wy-e02-pool, toTankId=wy-e01-pool, rateM3h=120.0");
        assertThat(a.responseLevel()).isEqualTo("PARK");
    }

    @Test
    void anOpenForecastEscalatesToParkWhenTheNeighboursRunOutOfRoom() throws Exception {
        List<SensorReading> in = new ArrayList<>(List.of(reading("wy-e02-pool-level", 0, 1.0),
                reading("wy-e04-pool-level", 0, 1.0), reading("wy-e08-pool-level", 0, 1.0)));
        in.addAll(series(E03, 0, 14, 3.62, 0.01, 0, 0));     // 30 min to overflow at minute 8
        in.addAll(List.of(reading("wy-e02-pool-level", 9, 3.75),
                reading("wy-e04-pool-level", 9, 3.75), reading("wy-e08-pool-level", 9, 3.75)));
        List<Alert> forecasts = of(run(inTimeOrder(in)), "plating.pool-overflow-forecast");

        // The plan reads the neighbours as of 2 minutes (the out-of-orderness bound) before the pool's
        // reading: their minute-9 levels first count at minute 11.
        assertThat(forecasts).extracting(Alert::eventTime, Alert::responseLevel).containsExactly(
                org.assertj.core.groups.Tuple.tuple(IsoTimes.format(at(8)), "ENTERPRISE"),
                org.assertj.core.groups.Tuple.tuple(IsoTimes.format(at(11)), "PARK"));
        assertThat(forecasts.get(0).id()).isNotEqualTo(forecasts.get(1).id());
        assertThat(forecasts).extracting(Alert::incidentKey).containsOnly("WASTEWATER:plant:wy-e03");
    }

    // ---- pool-not-ready ------------------------------------------------------------------------

    @Test
    void aPoolAboveReadinessForSixHoursOutsideAnIncidentIsNotReady() throws Exception {
        List<SensorReading> in = new ArrayList<>();
        for (int m = 0; m <= 420; m += 10) {
            in.add(reading(E03, m, 1.6 + (m % 20 == 0 ? 0.005 : -0.005)));
        }
        in.add(reading(E03, 430, 1.2));
        for (int m = 440; m <= 900; m += 10) {
            in.add(reading(E03, m, 1.6));
        }
        List<Alert> notReady = of(run(in), "plating.pool-not-ready");
        assertThat(notReady).extracting(Alert::eventTime)
                .containsExactly(IsoTimes.format(at(360)), IsoTimes.format(at(800)));
        assertThat(notReady.get(0).severity()).isEqualTo(Severity.LOW);
        assertThat(notReady.get(0).evidence()).extracting(Alert.Evidence::ts)
                .containsExactly(IsoTimes.format(at(0)), IsoTimes.format(at(360)));
    }

    @Test
    void aPoolFullDuringAnIncidentIsNotReportedAsNotReady() throws Exception {
        List<SensorReading> in = new ArrayList<>();
        for (int m = 0; m <= 480; m += 10) {
            in.add(reading(E03, m, 3.3));
        }
        assertThat(of(run(in), "plating.pool-not-ready")).isEmpty();
    }

    // ---- enclosure-water ----------------------------------------------------------------------

    @Test
    void gateWaterIsHighAtHalfTheRampAndCriticalOverItWithBothSluicesOrderedClosed() throws Exception {
        // e01: ramp 12 cm, half = 6 cm; clears below 40 % = 4.8 cm.
        double[] depth = {0.3, 2.0, 6.1, 5.5, 6.4, 9.0, 12.2, 13.0, 11.0};
        List<SensorReading> in = new ArrayList<>();
        for (int i = 0; i < depth.length; i++) {
            in.add(reading("wy-e01-gate-depth", i, depth[i]));
        }
        List<Alert> alerts = of(run(in), "plating.enclosure-water");
        assertThat(alerts).extracting(Alert::severity, Alert::eventTime, Alert::tier, Alert::responseLevel).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.HIGH, IsoTimes.format(at(2)), 2, "PARK"),
                org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, IsoTimes.format(at(6)), 3, "TOWNSHIP"));
        Alert critical = alerts.get(1);
        assertThat(critical.subjectId()).isEqualTo("wy-e01");
        assertThat(critical.incidentKey()).isEqualTo("WASTEWATER:plant:wy-e01");
        assertThat(critical.recommendation().get("closeSluices").toString()).contains("wy-sluice-up", "wy-sluice-down");
        assertThat(harness.getSideOutput(ParkRulesFunction.CLOSE_REQUESTS)).extracting(StreamRecord::getValue)
                .extracting(SluiceCloseRequest::sluiceId, SluiceCloseRequest::alertId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("wy-sluice-up", critical.id()),
                        org.assertj.core.groups.Tuple.tuple("wy-sluice-down", critical.id()));
    }

    // ---- creek-contamination ------------------------------------------------------------------

    @Test
    void twoDownstreamExceedancesWithACleanUpstreamAreContamination() throws Exception {
        List<Alert> alerts = run(List.of(
                reading("wy-wq-up-cr6", 0, 0.01), reading("wy-wq-down-cr6", 0, 0.02),
                reading("wy-wq-down-cr6", 5, 0.09),                    // one exceedance only
                reading("wy-wq-down-cr6", 10, 0.03),
                reading("wy-wq-up-cr6", 14, 0.012),
                reading("wy-wq-down-cr6", 15, 0.11), reading("wy-wq-down-cr6", 20, 0.14),
                reading("wy-wq-down-cr6", 25, 0.15)));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("plating.creek-contamination");
            assertThat(a.subjectId()).isEqualTo("wy-wq-down");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.eventTime()).isEqualTo(IsoTimes.format(at(20)));
            assertThat(a.incidentKey()).isEqualTo("WASTEWATER:creek:wy-creek-space");
            assertThat(a.tier()).isEqualTo(3);
            assertThat(a.responseLevel()).isEqualTo("COUNTY");
            assertThat(a.evidence()).extracting(Alert.Evidence::value).containsExactly(0.11, 0.14, 0.012);
        });
        assertThat(harness.getSideOutput(ParkRulesFunction.CLOSE_REQUESTS)).hasSize(2);
    }

    @Test
    void pollutionComingFromUpstreamIsNotThePark() throws Exception {
        List<Alert> alerts = run(List.of(
                reading("wy-wq-up-ni", 0, 0.05),
                reading("wy-wq-down-ni", 1, 0.06), reading("wy-wq-down-ni", 6, 0.07), reading("wy-wq-down-ni", 11, 0.06)));
        assertThat(alerts).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLowPhIsOutsideTheLimitToo() throws Exception {
        List<Alert> alerts = run(List.of(
                reading("wy-wq-up-ph", 0, 7.2), reading("wy-wq-down-ph", 1, 5.1), reading("wy-wq-down-ph", 6, 4.8)));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("plating.creek-contamination");
            assertThat(a.subjectId()).isEqualTo("wy-wq-down");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.eventTime()).isEqualTo("2026-12-29T16:06:00+08:00");
            assertThat(a.title()).isEqualTo("Creek contaminated below the park: pH 4.8  at Downstream water-quality station"
                    + " (limit 6–9), upstream within it");
            assertThat(a.titleZh()).isEqualTo("下游水质站pH超标：4.8 （限值6–9），上游未超标");
            assertThat(a.incidentKey()).isEqualTo("WASTEWATER:creek:wy-creek-space");
            assertThat(a.evidence()).extracting(Alert.Evidence::key, Alert.Evidence::ts, Alert.Evidence::value).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("wy-wq-down-ph", "2026-12-29T16:01:00+08:00", 5.1),
                    org.assertj.core.groups.Tuple.tuple("wy-wq-down-ph", "2026-12-29T16:06:00+08:00", 4.8),
                    org.assertj.core.groups.Tuple.tuple("wy-wq-up-ph", "2026-12-29T16:00:00+08:00", 7.2));
            Map<String, Object> rec = a.recommendation();
            assertThat(rec).containsEntry("parameter", "PH").containsEntry("value", 4.8).containsEntry("unit", "PH")
                    .containsEntry("limitMin", 6.0).containsEntry("limitMax", 9.0).containsEntry("creekReach", "wy-creek-space");
            assertThat((Map<String, Object>) rec.get("upstream")).containsEntry("sensorId", "wy-wq-up-ph").containsEntry("value", 7.2);
            assertThat((List<Map<String, Object>>) rec.get("closeSluices")).extracting(m -> m.get("id"))
                    .containsExactly("wy-sluice-up", "wy-sluice-down");
        });
    }

    // ---- creek-space-filling ------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void theCreekReachForecastFullWithinAnHourIsCritical() throws Exception {
        // depth 2.0 m; from 1.2 m at 2 cm/min the reach is full in about 40 min.
        List<SensorReading> in = new ArrayList<>(series("wy-creek-level", 0, 12, 1.2, 0.02, 0.004, 11));
        in.addAll(series("wy-creek-level", 13, 40, 1.44, 0, 0.004, 12));
        List<Alert> alerts = run(in);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("plating.creek-space-filling");
            assertThat(a.subjectId()).isEqualTo("wy-creek-space");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.eventTime()).isEqualTo(IsoTimes.format(at(4)));
            // The Theil–Sen line over minutes 0–4 (1.87 cm/min from 1.278 m) reaches 2.0 m 39 minutes later.
            assertThat(a.predictedOverflowAt()).isEqualTo("2026-12-29T16:43:00+08:00");
            assertThat(a.title()).isEqualTo("Jinzhu Creek emergency reach between the sluices forecast full at 16:43");
            assertThat(a.titleZh()).isEqualTo("金柱溪闸坝应急空间预计16:43蓄满");
            assertThat(a.incidentKey()).isEqualTo("WASTEWATER:creek:wy-creek-space");
            assertThat(a.tier()).isEqualTo(3);
            assertThat(a.responseLevel()).isEqualTo("COUNTY");
            assertThat(a.evidence()).extracting(Alert.Evidence::ts).containsExactly(IsoTimes.format(at(0)),
                    IsoTimes.format(at(1)), IsoTimes.format(at(2)), IsoTimes.format(at(3)), IsoTimes.format(at(4)));
            Map<String, Object> rec = a.recommendation();
            assertThat(rec).containsEntry("trendCmPerMin", 1.87).containsEntry("minutesToFull", 39L);
            assertThat((Map<String, Object>) rec.get("creekReach")).containsEntry("levelM", 1.278)
                    .containsEntry("fillPct", 63.9).containsEntry("depthM", 2.0);
            assertThat((List<Map<String, Object>>) rec.get("sluices")).extracting(m -> m.get("id"))
                    .containsExactly("wy-sluice-up", "wy-sluice-down");
        });
    }

    @Test
    void aCreekRisingSlowlyIsNotFilling() throws Exception {
        assertThat(run(series("wy-creek-level", 0, 90, 0.8, 0.005, 0.004, 13))).isEmpty();
    }
}
