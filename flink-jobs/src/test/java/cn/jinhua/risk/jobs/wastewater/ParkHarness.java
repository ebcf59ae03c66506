package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.LiveRules;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** The park rules in a test harness: readings on the keyed input, live rules on the broadcast one. */
final class ParkHarness {
    private ParkHarness() {
    }

    /** Opened, the live rules' input already at the greatest watermark as in the job, so readings alone move event time. */
    static KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> open(ParkRulesFunction f)
            throws Exception {
        KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> h = create(f);
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    static KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> create(ParkRulesFunction f)
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(f, List.of(LiveRules.BROADCAST)),
                (KeySelector<RoutedReading, String>) RoutedReading::ruleKey, Types.STRING,
                1, 1, 0);
    }

    /** The default operator restored from a snapshot and opened, its broadcast side idle. */
    static KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> restored(
            org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> h = create(defaults());
        h.initializeState(snapshot);
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    /** Keyed state entries left (the broadcast harness has no such count of its own). */
    static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<String, RoutedReading, String, Alert> h) {
        AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) op.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private static final SensorRoutes ROUTES = SensorRoutes.of(WastewaterFixtures.WORLD);

    /** A reading as the sensor router sends it in the world the job started with. */
    static RoutedReading routed(SensorReading r) {
        return new RoutedReading(r, ROUTES.ruleKey(r.sensorId()), ROUTES.sluiceOf(r.sensorId()), 1);
    }

    static ParkRulesFunction defaults() {
        return new ParkRulesFunction(WorldSnapshot.of(WastewaterFixtures.WORLD), WastewaterParams.defaults(), "risk.sensors");
    }
}
