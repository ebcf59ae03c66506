package cn.jinhua.risk.jobs.feed;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of a feed ({@code docs/feeds.md} "Event time, lateness and clocks"): the record's
 * {@code ts}, bounded out-of-orderness per Kafka partition, and idleness so that a silent partition
 * (a quiet {@code risk.calls}) never holds event time back. Rejects carry {@link Long#MIN_VALUE} and
 * never move the watermark.
 *
 * <p>With a live {@link RecordClock} the watermark is capped at the wall clock: it is
 * {@code min(newest record, now) - bound}, so a record stamped minutes ahead (accepted within the
 * future skew) cannot make the next live record of another device late. With the records clock it
 * is the plain {@code newest record - bound}.
 */
public final class FeedWatermarks {
    private FeedWatermarks() {
    }

    public static WatermarkStrategy<FeedRecord> strategy(Duration outOfOrderness, Duration idleness, RecordClock clock) {
        WatermarkStrategy<FeedRecord> base = clock.live()
                ? WatermarkStrategy.forGenerator(ctx -> new CappedAtWallClock(outOfOrderness.toMillis(), clock.wallClock()))
                : WatermarkStrategy.forBoundedOutOfOrderness(outOfOrderness);
        return base.withTimestampAssigner((r, kafkaTs) -> r.tsMillis()).withIdleness(idleness);
    }

    /**
     * Bounded out-of-orderness whose watermark never passes {@code now - bound}. Not thread-safe
     * (one per split, called by the source's thread).
     */
    static final class CappedAtWallClock implements WatermarkGenerator<FeedRecord> {
        private final long bound;
        private final RecordClock.WallClock wallClock;
        private long newest = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;

        CappedAtWallClock(long boundMillis, RecordClock.WallClock wallClock) {
            this.bound = boundMillis;
            this.wallClock = wallClock;
        }

        @Override
        public void onEvent(FeedRecord r, long timestamp, WatermarkOutput output) {
            newest = Math.max(newest, timestamp);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (newest == Long.MIN_VALUE) {
                return;
            }
            long next = Math.min(newest, wallClock.getAsLong()) - bound - 1;
            // The wall clock may step back (NTP); the watermark never does.
            if (next > emitted) {
                emitted = next;
                output.emitWatermark(new Watermark(next));
            }
        }
    }
}
