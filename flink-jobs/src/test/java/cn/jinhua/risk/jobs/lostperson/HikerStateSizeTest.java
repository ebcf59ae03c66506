package cn.jinhua.risk.jobs.lostperson;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class HikerStateSizeTest {

    @Test
    void aBusyDevicesStateIsAFlinkPojoWellUnderOneKilobyte() throws Exception {
        TypeInformation<HikerState> info = TypeInformation.of(HikerState.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<HikerState> serializer = info.createSerializer(new SerializerConfigImpl());
        HikerState s = new HikerState();
        s.lastTs = 1_798_000_000_000L;
        s.lastTsText = "2026-12-20T21:03:17.250+08:00";
        s.lastSource = "GPS";
        s.enteredAt = s.lastTs - 7_200_000;
        s.darkDueAt = s.lastTs;
        s.stillStart = s.lastTs - 600_000;
        s.stillCount = 40;
        s.stillDueAt = s.lastTs + 600_000;
        s.watchAt = s.lastTs + 2_700_000;
        for (int i = 0; i < 8; i++) {
            s.rememberCall("call-2026-12-20-" + i);
        }
        s.addPending(HikerState.ARM_STILL, 1, 2, 3);
        s.addPending(HikerState.DISARM_DARK, 1, 2, 0);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(s, out);
        assertThat(out.length()).isLessThan(1024);
        assertThat(s.firedCalls.split(",")).hasSize(8);
    }
}
