package cn.jinhua.risk.jobs.lostperson;

import cn.jinhua.risk.jobs.feed.EmergencyCall;
import cn.jinhua.risk.jobs.feed.LocationFix;
import cn.jinhua.risk.jobs.feed.LocationFixTypeInfo;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One input of the lost-person rules: a fix or a call, on one keyed stream so that the rules
 * operator has a second input left for the live rules (a broadcast input). Exactly one of the two
 * fields is set. Crosses the keyBy through {@link #TYPE}: a POJO whose fix keeps its own compact
 * serializer. Mutable only as Flink's POJO rules require; treat as immutable.
 */
public final class HikerInput {
    /** The type the keyBy serializes with. */
    public static final TypeInformation<HikerInput> TYPE = Types.POJO(HikerInput.class,
            Map.of("fix", new LocationFixTypeInfo(), "call", TypeInformation.of(EmergencyCall.class)));

    public LocationFix fix;
    public EmergencyCall call;

    public HikerInput() {
    }

    public static HikerInput of(LocationFix fix) {
        HikerInput in = new HikerInput();
        in.fix = fix;
        return in;
    }

    public static HikerInput of(EmergencyCall call) {
        HikerInput in = new HikerInput();
        in.call = call;
        return in;
    }

    /** The device of a fix; a call's device, or {@code call#<id>} for a call that names none. */
    public String key() {
        return fix != null ? fix.deviceId()
                : call.deviceId() != null ? call.deviceId() : LostPersonRulesFunction.CALL_KEY_PREFIX + call.callId();
    }
}
