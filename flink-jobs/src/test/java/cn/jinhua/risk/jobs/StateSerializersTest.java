package cn.jinhua.risk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jinhua.risk.jobs.lostperson.LostPersonRulesFunction;
import cn.jinhua.risk.jobs.wastewater.ParkRulesFunction;
import cn.jinhua.risk.jobs.wastewater.SluiceWatchFunction;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every keyed state of the job has a serializer of its own with a versioned snapshot, never Kryo:
 * Kryo's state cannot be migrated, so the next build could not restore a savepoint of this one.
 * The serializers are built with generic types disabled, which refuses any type that would fall
 * back to Kryo.
 */
class StateSerializersTest {
    @Test
    void noKeyedStateFallsBackToKryo() {
        ExecutionConfig noKryo = new ExecutionConfig();
        ((SerializerConfigImpl) noKryo.getSerializerConfig()).setGenericTypes(false);
        List<StateDescriptor<?, ?>> states = new java.util.ArrayList<>(LostPersonRulesFunction.states());
        states.addAll(ParkRulesFunction.states());
        states.addAll(SluiceWatchFunction.states());
        assertThat(states).hasSize(15);
        for (StateDescriptor<?, ?> d : states) {
            d.initializeSerializerUnlessSet(noKryo);
            TypeSerializer<?> serializer = d.getSerializer();
            assertThat(serializer.snapshotConfiguration().getCurrentVersion()).as(d.getName()).isPositive();
            assertThat(serializer.toString()).as(d.getName()).doesNotContain("Kryo");
        }
    }
}
