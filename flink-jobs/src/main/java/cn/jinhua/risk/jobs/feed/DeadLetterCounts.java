package cn.jinhua.risk.jobs.feed;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * The dead-letter counters of an operator that refuses records: one counter per reason in the
 * metric group {@value FeedRouter#DEAD_LETTERS_GROUP}, created on the reason's first refusal.
 *
 * <p>Not thread-safe: one per operator subtask.
 */
public final class DeadLetterCounts {
    private final RuntimeContext ctx;
    private final Map<String, Counter> byReason = new HashMap<>();

    public DeadLetterCounts(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    /** Counts the dead letter and gives it back. */
    public DeadLetter count(DeadLetter d) {
        byReason.computeIfAbsent(d.reason(),
                reason -> ctx.getMetricGroup().addGroup(FeedRouter.DEAD_LETTERS_GROUP).counter(reason)).inc();
        return d;
    }
}
