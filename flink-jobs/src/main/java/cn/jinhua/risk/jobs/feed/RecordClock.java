package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How the job relates the records' times to its own wall clock ({@code docs/feeds.md} "Event time,
 * lateness and clocks").
 *
 * <ul>
 *   <li><b>live</b> (what {@code ./risk up} runs): a record stamped more than
 *       {@code maxFutureSkew} ahead of the wall clock is refused as {@code future}, and event time
 *       (the watermark) never runs ahead of the wall clock, so one device or gateway with a clock
 *       set ahead cannot make everybody else's records late.</li>
 *   <li><b>records</b>: the job trusts the records' times; event time follows them wherever they
 *       are. For replays of recorded or accelerated feeds (tests, backtests), never for a live
 *       system that also takes wall-clock-stamped records.</li>
 * </ul>
 *
 * Immutable.
 *
 * @param maxFutureSkewMillis how far ahead of the wall clock a record may be stamped (live only)
 */
public record RecordClock(boolean live, long maxFutureSkewMillis, WallClock wallClock) implements Serializable {
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);

    /** The job's wall clock, epoch milliseconds; serializable so that tests can pin it in operators. */
    @FunctionalInterface
    public interface WallClock extends LongSupplier, Serializable {
        WallClock SYSTEM = System::currentTimeMillis;
    }

    public static RecordClock live(Duration maxFutureSkew) {
        return new RecordClock(true, maxFutureSkew.toMillis(), WallClock.SYSTEM);
    }

    public static RecordClock trustRecords() {
        return new RecordClock(false, Long.MAX_VALUE, WallClock.SYSTEM);
    }

    /** The same mode with another wall clock (tests). */
    public RecordClock withWallClock(WallClock clock) {
        return new RecordClock(live, maxFutureSkewMillis, clock);
    }

    /** For the job's name and {@code ./risk status}. */
    public String describe() {
        return live ? "live clock, max future skew " + describe(maxFutureSkewMillis)
                : "replay clock: trusts record times";
    }

    /** "41 days", "3 h 5 min", "12 min", "40 s": how far apart two times are, for people. */
    public static String describe(long millis) {
        long s = Math.abs(millis) / 1000;
        if (s >= 2 * 86_400) {
            return s / 86_400 + " days";
        }
        if (s >= 3600) {
            return s / 3600 + " h" + (s % 3600 >= 60 ? " " + s % 3600 / 60 + " min" : "");
        }
        if (s >= 60) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
