package cn.jinhua.risk.geo;

import static cn.jinhua.risk.geo.TestWorlds.feature;
import static cn.jinhua.risk.geo.TestWorlds.line;
import static cn.jinhua.risk.geo.TestWorlds.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.jinhua.risk.geo.pool.InterconnectTransferPlanner;
import cn.jinhua.risk.geo.pool.TransferPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed plans. Every test pool is 400 m³ over 4 m (100 m²/m), high-high at 95 %, so a pool
 * at 2.0 m has (3.8 − 2.0) × 100 = 180 m³ spare: 90 m³/h over a 2 h horizon.
 */
class InterconnectTransferPlannerTest {
    private static final Duration TWO_HOURS = Duration.ofHours(2);

    /** A chain a - b - c - d plus a one-way pipe a -> e. */
    private static World chain(double abFlow, double bcFlow) {
        List<String> f = new ArrayList<>();
        for (String t : List.of("a", "b", "c", "d", "e")) {
            f.add(feature("p" + t, "PLANT", TestWorlds.box(119.0, 28.0, 119.001, 28.001).replace("119.0,", "119.0" + (int) t.charAt(0) + ","),
                    "\"gateRampCm\":12,\"gateSensor\":\"g" + t + "\",\"poolId\":\"" + t + "\",\"team\":\"tm\""));
            f.add(feature(t, "TANK", point(119.0, 28.0), "\"plantId\":\"p" + t + "\",\"capacityM3\":400,\"depthM\":4,"
                    + "\"highPct\":80,\"highHighPct\":95,\"readinessMaxPct\":33,\"levelSensor\":\"l" + t + "\""));
            f.add(feature("l" + t, "SENSOR", point(119.0, 28.0), "\"kind\":\"TANK_LEVEL\",\"unit\":\"M\",\"siteId\":\"" + t + "\""));
            f.add(feature("g" + t, "SENSOR", point(119.0, 28.0), "\"kind\":\"GATE_WATER_DEPTH\",\"unit\":\"CM\",\"siteId\":\"p" + t + "\""));
        }
        f.add(feature("tm", "TEAM", point(119.0, 28.0), "\"role\":\"ENTERPRISE\",\"level\":\"ENTERPRISE\",\"persons\":1"));
        f.add(pipe("ab", "a", "b", abFlow, true));
        f.add(pipe("bc", "b", "c", bcFlow, true));
        f.add(pipe("cd", "c", "d", 500, true));
        f.add(pipe("ae", "a", "e", 500, false));
        return TestWorlds.load(f.toArray(String[]::new));
    }

    private static String pipe(String id, String from, String to, double flow, boolean both) {
        return feature(id, "PIPE", line(119.0, 28.0, 119.001, 28.0),
                "\"fromTank\":\"" + from + "\",\"toTank\":\"" + to + "\",\"maxFlowM3h\":" + flow + ",\"bidirectional\":" + both);
    }

    private static Map<String, Double> levels(Object... kv) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void nearestPoolTakesWhatItCanThenTheNextHop() {
        InterconnectTransferPlanner planner = new InterconnectTransferPlanner(chain(500, 500).pools());
        // b: 90 m³/h, c: 90 m³/h (2 hops), d is 3 hops away and never used, e (one-way a->e) unknown level.
        TransferPlan plan = planner.plan("a", 150, levels("b", 2.0, "c", 2.0, "d", 0.0), TWO_HOURS);
        assertThat(plan.intakes()).extracting(TransferPlan.TankIntake::tankId, TransferPlan.TankIntake::hops)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 1), org.assertj.core.groups.Tuple.tuple("c", 2));
        assertThat(plan.intakes().get(0).rateM3h()).isCloseTo(90.0, within(1e-6));
        assertThat(plan.intakes().get(1).rateM3h()).isCloseTo(60.0, within(1e-6));
        assertThat(plan.intakes().get(0).spareM3()).isCloseTo(180.0, within(1e-6));
        assertThat(plan.pipeFlows()).extracting(TransferPlan.PipeFlow::pipeId, TransferPlan.PipeFlow::fromTankId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ab", "a"), org.assertj.core.groups.Tuple.tuple("bc", "b"));
        assertThat(plan.pipeFlows()).filteredOn(f -> f.pipeId().equals("bc")).singleElement()
                .satisfies(f -> assertThat(f.rateM3h()).isCloseTo(60.0, within(1e-6)));
        assertThat(plan.sufficient()).isTrue();
        assertThat(plan.shortfallM3h()).isZero();
    }

    @Test
    void pipeLimitBoundsWhatNeighboursCanTake() {
        InterconnectTransferPlanner planner = new InterconnectTransferPlanner(chain(100, 500).pools());
        TransferPlan plan = planner.plan("a", 150, levels("b", 0.0, "c", 0.0), TWO_HOURS);
        // b could take 190 m³/h but the pipe a-b carries 100; e's level is unknown: no spare.
        assertThat(plan.absorbedM3h()).isCloseTo(100.0, within(1e-6));
        assertThat(plan.shortfallM3h()).isCloseTo(50.0, within(1e-6));
        assertThat(plan.shortfallM3()).isCloseTo(100.0, within(1e-6));
        assertThat(plan.sufficient()).isFalse();
    }

    @Test
    void oneWayPipeIsUsedOnlyInItsDirection() {
        InterconnectTransferPlanner planner = new InterconnectTransferPlanner(chain(500, 500).pools());
        TransferPlan fromA = planner.plan("a", 50, levels("e", 0.0), TWO_HOURS);
        assertThat(fromA.intakes()).extracting(TransferPlan.TankIntake::tankId).containsExactly("e");
        TransferPlan fromE = planner.plan("e", 50, levels("a", 0.0, "b", 0.0), TWO_HOURS);
        assertThat(fromE.intakes()).isEmpty();
        assertThat(fromE.shortfallM3h()).isEqualTo(50.0);
    }

    @Test
    void unknownLevelsPassWaterOnButKeepNone() {
        InterconnectTransferPlanner planner = new InterconnectTransferPlanner(chain(500, 500).pools());
        TransferPlan plan = planner.plan("a", 80, levels("c", 3.0), TWO_HOURS);
        // b unknown: 0 spare, but passes to c: (3.8 − 3.0) × 100 / 2 = 40 m³/h.
        assertThat(plan.intakes()).extracting(TransferPlan.TankIntake::tankId).containsExactly("c");
        assertThat(plan.absorbedM3h()).isCloseTo(40.0, within(1e-6));
        assertThat(plan.shortfallM3h()).isCloseTo(40.0, within(1e-6));
    }

    @Test
    void fullNeighboursTakeNothing() {
        InterconnectTransferPlanner planner = new InterconnectTransferPlanner(chain(500, 500).pools());
        TransferPlan plan = planner.plan("a", 10, levels("b", 3.9, "c", 3.8), TWO_HOURS);
        assertThat(plan.intakes()).isEmpty();
        assertThat(plan.sufficient()).isFalse();
    }

    @Test
    void seedPool07SpillsToItsTwoNeighbours() {
        World seed = TestWorlds.seedWorld();
        InterconnectTransferPlanner planner = new InterconnectTransferPlanner(seed.pools());
        // e06: 100 m², (3.8 − 1.0) × 100 / 2 h = 140 m³/h, but pipe 06-07 carries 120.
        // e08: 62.5 m², (3.8 − 1.0) × 62.5 / 2 h = 87.5 m³/h; pipe 07-08 carries 100.
        TransferPlan plan = planner.plan("wy-e07-pool", 200, levels("wy-e06-pool", 1.0, "wy-e08-pool", 1.0), TWO_HOURS);
        assertThat(plan.intakes()).extracting(TransferPlan.TankIntake::tankId).containsExactly("wy-e06-pool", "wy-e08-pool");
        assertThat(plan.intakes().get(0).rateM3h()).isCloseTo(120.0, within(1e-6));
        assertThat(plan.intakes().get(1).rateM3h()).isCloseTo(80.0, within(1e-6));
        assertThat(plan.sufficient()).isTrue();
    }

    @Test
    void rejectsUnknownTankAndBadInflow() {
        InterconnectTransferPlanner planner = new InterconnectTransferPlanner(chain(500, 500).pools());
        assertThatThrownBy(() -> planner.plan("zz", 10, Map.of(), TWO_HOURS)).hasMessageContaining("unknown tank \"zz\"");
        assertThatThrownBy(() -> planner.plan("a", Double.NaN, Map.of(), TWO_HOURS)).hasMessageContaining("inflow");
        assertThatThrownBy(() -> planner.plan("a", 1, Map.of(), Duration.ZERO)).hasMessageContaining("horizon");
    }
}
