package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.jobs.alert.Alert;
import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.FeedTopics;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.world.WorldSnapshot;
import com.espertech.esper.common.client.EPCompiled;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** Named places and instants on Beishan for the rule tests, and harness construction. */
final class HikerFixtures {
    static final EPCompiled EPL = LostPersonRulesFunction.compileEpl();
    static final WorldSnapshot WORLD = WorldSnapshot.load(null);
    static final ZoneOffset CST = ZoneOffset.ofHours(8);
    /** 2026-12-20 10:00 +08:00; sunset that day is about 17:05. */
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 12, 20, 10, 0, 0, 0, CST);
    static final long DETECTED_AT = 1_800_000_000_000L;

    /** On the mountain, ~1.9 km from the nearest trail. */
    static final double[] OFF_TRAIL = {29.185, 119.640};
    /** On the Xiake ancient road. */
    static final double[] ON_TRAIL = {29.17, 119.6185};
    /** Jinhua city centre, far off the mountain. */
    static final double[] CITY = {29.0788, 119.6475};
    /** Inside the north-valley coverage gap. */
    static final double[] GAP = {29.255, 119.64};

    private HikerFixtures() {
    }

    static long ms(OffsetDateTime t) {
        return t.toInstant().toEpochMilli();
    }

    static LocationFix fix(String device, OffsetDateTime t, double[] at, double dNorthM, double accuracyM) {
        return new LocationFix(device, ms(t), t.toString(), at[0] + dNorthM / 110_540.0, at[1], accuracyM, "GPS", 60, 0, 0L);
    }

    static LocationFix fix(String device, OffsetDateTime t, double[] at) {
        return fix(device, t, at, 0, 10);
    }

    static EmergencyCall call(String id, String device, OffsetDateTime t, double[] at, double accuracyM, String category, String text) {
        return new EmergencyCall(id, ms(t), t.toString(), at[0], at[1], accuracyM, "13800138000", device, category, text, 0, 0L);
    }

    static LostPersonRulesFunction function() {
        return new LostPersonRulesFunction(HikerRuleParams.defaults(), WORLD, EPL, FeedTopics.defaults(),
                () -> DETECTED_AT);
    }

    static KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> harness() throws Exception {
        return harness(function());
    }

    /** Fixes and calls on the keyed input, live rules on the broadcast one; not opened yet. */
    static KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> harness(LostPersonRulesFunction f)
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new LostPersonRulesOperator(f),
                LostPersonRulesFunction.key(), Types.STRING, 1, 1, 0);
    }

    /** The default operator, opened, its broadcast side idle. */
    static KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> opened() throws Exception {
        KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> h = harness();
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    /** The default operator restored from a snapshot, opened, its broadcast side idle. */
    static KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> restored(
            org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> h = harness();
        h.initializeState(snapshot);
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    /** Keyed state entries left (the broadcast harness has no such count of its own). */
    static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<String, HikerInput, String, Alert> h) {
        AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) op.getKeyedStateBackend()).numKeyValueStateEntries();
    }
}
