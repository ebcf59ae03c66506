package cn.jinhua.risk.jobs.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rule operator does when handling one record or one timer throws unexpectedly
 * ({@code docs/feeds.md} "Validation and dead letters"): the record goes to the dead letters as
 * {@code internal}, with its topic, partition and offset, the exception's class and message, and
 * itself as JSON; the failure is counted (metric {@code deadLetters.internal}) and logged; the job
 * goes on with the next record. A failing timer has no record: its dead letter names the key and
 * the timer's time. One per operator subtask; not thread-safe.
 */
public final class RuleFailures {
    private static final Logger LOG = LoggerFactory.getLogger(RuleFailures.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The topic a failed timer's dead letter names. */
    public static final String TIMER = "(timer)";

    /** Dead letters of rule operators; the job sends them to {@code risk.dlq}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("rule-failures", TypeInformation.of(DeadLetter.class));

    private final String operator;
    private final Counter counter;

    public RuleFailures(String operator, RuntimeContext ctx) {
        this.operator = operator;
        this.counter = ctx.getMetricGroup().addGroup(FeedRouter.DEAD_LETTERS_GROUP).counter(FeedParser.INTERNAL);
    }

    /** The dead letter of a record whose handling threw. */
    public DeadLetter record(String topic, int partition, long offset, Object record, Throwable e) {
        counter.inc();
        LOG.warn("{} failed on the record at {}/{}@{}: it goes to the dead letters as internal", operator, topic, partition,
                offset, e);
        return DeadLetter.of(topic, partition, offset, json(record), FeedParser.INTERNAL,
                operator + ": " + FeedParser.internalDetail(e));
    }

    /** The dead letter of a timer whose handling threw. */
    public DeadLetter timer(String key, long timestamp, Throwable e) {
        counter.inc();
        LOG.warn("{} failed on the timer of {} at {}: it goes to the dead letters as internal", operator, key, timestamp, e);
        return DeadLetter.of(TIMER, -1, -1, json(Map.of("key", key, "timer", FeedTimes.iso(timestamp))), FeedParser.INTERNAL,
                operator + ": timer of " + key + " at " + FeedTimes.iso(timestamp) + ": " + FeedParser.internalDetail(e));
    }

    private static byte[] json(Object record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (Exception e) {
            return String.valueOf(record).getBytes(StandardCharsets.UTF_8);
        }
    }
}
