package cn.jinhua.risk.jobs.changes;

import cn.jinhua.risk.jobs.rules.LiveRules;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * From the changes on {@code risk.control} to the live rules the rule operators follow and the
 * results for {@code risk.control.results} ({@code docs/rules.md} "Changing rules live"). No
 * sources or sinks. The live rules stream has no event time of its own: it is the broadcast side of
 * the rule operators, whose event time is their feed's alone (a change takes effect from the next
 * record the operator handles). It is idle rather than always at the greatest watermark: a
 * greatest watermark would become the operator's event time whenever its feed goes idle, firing
 * every timer at once and making every later record late.
 */
public final class LiveChangesTopology {
    public static final String UID_VALIDATOR = "control-validator";

    private LiveChangesTopology() {
    }

    /**
     * @param rules the live rules as JSON, one per accepted change, for the rule operators' broadcast input
     * @param results one result per change, as JSON
     */
    public record Live(DataStream<String> rules, DataStream<String> results) {
    }

    public static Live apply(DataStream<String> changes, LiveRules initial, ChangeDecider decider) {
        SingleOutputStreamOperator<String> validated = changes
                .keyBy(c -> ControlValidator.KEY)
                .process(new ControlValidator(initial, decider))
                .uid(UID_VALIDATOR)
                .name("control changes validated")
                .setParallelism(1);
        DataStream<String> rules = validated
                .assignTimestampsAndWatermarks(WatermarkStrategy.<String>forGenerator(c -> new AlwaysIdle()))
                .name("live rules (idle in event time)")
                .setParallelism(1);
        return new Live(rules, validated.getSideOutput(ControlValidator.RESULTS));
    }

    /** Always idle, so the operator's feed input alone sets its event time. */
    static final class AlwaysIdle implements WatermarkGenerator<String> {
        @Override
        public void onEvent(String event, long eventTimestamp, WatermarkOutput output) {
            output.markIdle();
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
