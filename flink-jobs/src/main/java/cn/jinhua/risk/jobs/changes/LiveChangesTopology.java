package cn.jinhua.risk.jobs.changes;

import cn.jinhua.risk.jobs.rules.LiveRules;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * From the changes on {@code risk.control} to the live rules the rule operators follow and the
 * results for {@code risk.control.results} ({@code docs/rules.md} "Changing rules live"). No
 * sources or sinks. The live rules stream never holds event time back: it is the broadcast side of
 * the rule operators, whose event time is their feed's alone, so its watermark is always the
 * greatest (a change takes effect from the next record the operator handles).
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
                .assignTimestampsAndWatermarks(WatermarkStrategy.<String>forGenerator(c -> new NeverBehind()))
                .name("live rules (never behind in event time)")
                .setParallelism(1);
        return new Live(rules, validated.getSideOutput(ControlValidator.RESULTS));
    }

    /** Always the greatest watermark: the operator's other input alone sets its event time. */
    private static final class NeverBehind implements WatermarkGenerator<String> {
        @Override
        public void onEvent(String event, long eventTimestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }
}
