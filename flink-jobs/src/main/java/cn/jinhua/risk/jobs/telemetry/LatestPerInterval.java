package cn.jinhua.risk.jobs.telemetry;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Thins a keyed stream to at most one record per key and interval of event time, for the screens:
 * a device's last position, a sensor's downsampled readings ({@code docs/feeds.md} "What the job
 * publishes"). A record at least {@code interval} after the last one published goes out at once; a
 * record inside the interval is held (the newest wins) and goes out {@code interval} later by the
 * wall clock, so the latest position of a device that reports every second still reaches the map
 * within seconds, while a replay at full speed keeps one record per interval of its own time.
 * A record not newer than the last published one is dropped: the screens already show something
 * newer. The key's state is cleared after {@code idle} of wall-clock time without records.
 *
 * <p>Input in any order; output per key strictly increasing in event time. Keyed state only;
 * restarts replay the records since the last checkpoint, which the API stores idempotently.
 *
 * @param <T> the record type
 */
public final class LatestPerInterval<T> extends KeyedProcessFunction<String, T, T> {
    /** Event time of a record, epoch milliseconds. */
    @FunctionalInterface
    public interface EventTime<T> extends java.io.Serializable {
        long of(T record);
    }

    private final long intervalMs;
    private final long idleMs;
    private final TypeInformation<T> type;
    private final EventTime<T> eventTime;
    private transient ValueState<Long> lastSent;
    private transient ValueState<T> pending;
    private transient ValueState<Long> flushAt;
    private transient ValueState<Long> expireAt;

    public LatestPerInterval(Duration interval, Duration idle, TypeInformation<T> type, EventTime<T> eventTime) {
        if (interval.isNegative() || interval.isZero() || idle.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("interval must be positive and idle longer than it: " + interval + ", " + idle);
        }
        this.intervalMs = interval.toMillis();
        this.idleMs = idle.toMillis();
        this.type = type;
        this.eventTime = eventTime;
    }

    @Override
    public void open(OpenContext ctx) {
        lastSent = getRuntimeContext().getState(new ValueStateDescriptor<>("last-sent", Types.LONG));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending", type));
        flushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-at", Types.LONG));
        expireAt = getRuntimeContext().getState(new ValueStateDescriptor<>("expire-at", Types.LONG));
    }

    @Override
    public void processElement(T record, Context ctx, Collector<T> out) throws Exception {
        long t = eventTime.of(record);
        Long last = lastSent.value();
        long now = ctx.timerService().currentProcessingTime();
        if (last != null && t <= last) {
            return;
        }
        if (last == null || t >= last + intervalMs) {
            pending.clear();
            send(record, t, out);
        } else {
            T held = pending.value();
            if (held == null || t > eventTime.of(held)) {
                pending.update(record);
            }
            if (flushAt.value() == null) {
                flushAt.update(now + intervalMs);
                ctx.timerService().registerProcessingTimeTimer(now + intervalMs);
            }
        }
        Long oldExpiry = expireAt.value();
        if (oldExpiry != null) {
            ctx.timerService().deleteProcessingTimeTimer(oldExpiry);
        }
        expireAt.update(now + idleMs);
        ctx.timerService().registerProcessingTimeTimer(now + idleMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        Long flush = flushAt.value();
        if (flush != null && flush == timestamp) {
            flushAt.clear();
            T held = pending.value();
            pending.clear();
            if (held != null) {
                send(held, eventTime.of(held), out);
            }
        }
        Long expiry = expireAt.value();
        if (expiry != null && expiry == timestamp) {
            lastSent.clear();
            pending.clear();
            expireAt.clear();
            if (flushAt.value() != null) {
                ctx.timerService().deleteProcessingTimeTimer(flushAt.value());
                flushAt.clear();
            }
        }
    }

    private void send(T record, long t, Collector<T> out) throws Exception {
        lastSent.update(t);
        out.collect(record);
    }
}
