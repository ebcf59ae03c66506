package cn.jinhua.risk.jobs.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class FeedWatermarksTest {
    static final long BOUND = 120_000;
    long now = 1_000_000_000_000L;
    final List<Long> emitted = new ArrayList<>();
    final WatermarkOutput out = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark w) {
            emitted.add(w.getTimestamp());
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }
    };
    final FeedWatermarks.CappedAtWallClock gen = new FeedWatermarks.CappedAtWallClock(BOUND, () -> now);

    @Test
    void aRecordStampedAheadOfTheWallClockCannotPushEventTimePastIt() {
        gen.onEvent(null, now - 5_000, out);
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(now - 5_000 - BOUND - 1);
        // A phone whose clock is 8 minutes ahead: accepted upstream, but event time stays behind now.
        gen.onEvent(null, now + 8 * 60_000, out);
        gen.onPeriodicEmit(out);
        assertThat(emitted.get(emitted.size() - 1)).isEqualTo(now - BOUND - 1);
        // A live record one second old is therefore not late.
        assertThat(now - 1_000).isGreaterThan(emitted.get(emitted.size() - 1));
        // Event time keeps following the wall clock while the ahead record is the newest.
        now += 30_000;
        gen.onPeriodicEmit(out);
        assertThat(emitted.get(emitted.size() - 1)).isEqualTo(now - BOUND - 1);
    }

    @Test
    void neverGoesBackWhenTheWallClockSteps() {
        gen.onEvent(null, now + 60_000, out);
        gen.onPeriodicEmit(out);
        long first = emitted.get(0);
        now -= 10_000;
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(first);
    }

    @Test
    void saysNothingBeforeTheFirstRecordOrForRejects() {
        gen.onPeriodicEmit(out);
        gen.onEvent(null, Long.MIN_VALUE, out);
        gen.onPeriodicEmit(out);
        assertThat(emitted).isEmpty();
    }
}
