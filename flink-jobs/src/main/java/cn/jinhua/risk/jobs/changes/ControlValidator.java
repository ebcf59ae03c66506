package cn.jinhua.risk.jobs.changes;

import cn.jinhua.risk.contract.RuleCatalogue;
import cn.jinhua.risk.jobs.rules.ControlChange;
import cn.jinhua.risk.jobs.rules.LiveRules;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place live changes are decided: every change on {@code risk.control}, in the order the
 * topic holds them, is read, checked ({@link ChangeDecider}) and answered on {@link #RESULTS}; an
 * accepted one makes the next live rules, which leave as JSON for the rule operators' broadcast
 * input. Runs on one key ({@link #KEY}) so that versions count up in one sequence; the live rules
 * are keyed state ({@link #LIVE}, a JSON string), checkpointed, so a restore keeps every accepted
 * change. No change can stop the job: whatever cannot be read is refused with its reason.
 */
public class ControlValidator extends KeyedProcessFunction<String, String, String> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ControlValidator.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The key every change is validated under. */
    public static final String KEY = "control";
    /** One result per change, as JSON ({@code docs/contract/control.schema.json} "result"). */
    public static final OutputTag<String> RESULTS = new OutputTag<>("control-results", Types.STRING);
    static final ValueStateDescriptor<String> LIVE = new ValueStateDescriptor<>("live-rules", Types.STRING);

    private final String initialLive;
    private final ChangeDecider decider;
    private transient ValueState<String> live;

    /**
     * @param initial the live rules the job starts with (the catalogue with the job's own parameters)
     */
    public ControlValidator(LiveRules initial, ChangeDecider decider) {
        this.initialLive = initial.toJson();
        this.decider = decider;
    }

    @Override
    public void open(OpenContext openContext) {
        live = getRuntimeContext().getState(LIVE);
    }

    @Override
    public void processElement(String json, Context ctx, Collector<String> out) throws Exception {
        String stored = live.value();
        LiveRules current = LiveRules.fromJson(stored == null ? initialLive : stored, RuleCatalogue.packaged());
        long now = System.currentTimeMillis();
        ChangeDecider.Decision d;
        try {
            d = decider.decide(current, ControlChange.parse(json.getBytes(StandardCharsets.UTF_8)), now);
        } catch (ControlChange.Malformed e) {
            d = ChangeDecider.malformed(e.changeId(), e.getMessage(), current, now);
        } catch (RuntimeException e) {
            // What the checks did not foresee is a refusal too, never a restart on the same change.
            LOG.warn("control change refused on an unexpected error: {}", json, e);
            d = ChangeDecider.malformed(null, "internal: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    current, now);
        }
        if (d.accepted()) {
            String next = d.next().toJson();
            live.update(next);
            out.collect(next);
        }
        ctx.output(RESULTS, result(d));
    }

    private static String result(ChangeDecider.Decision d) {
        try {
            return MAPPER.writeValueAsString(d.result());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a control result: " + e.getMessage(), e);
        }
    }
}
