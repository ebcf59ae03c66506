package cn.jinhua.risk.replay;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.feed.RecordClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before anything is sent: would the running job drop any record of the files, as late (at or
 * behind the event time reached by the router that reads the record's partition) or as future
 * (stamped more than the job's maximum skew ahead of the wall clock at the moment the paced replay
 * sends it)? Stateless.
 */
final class ReplayCheck {
    private ReplayCheck() {
    }

    /** The refusal, naming file and time range per problem; null when the job would take every record. */
    static String refusal(List<ScenarioFile.Entry> schedule, long[] pace, double speed, long now, JobClock job) {
        Map<String, Range> late = new LinkedHashMap<>();
        Map<String, Range> future = new LinkedHashMap<>();
        long firstPace = Long.MIN_VALUE;
        for (int i = 0; i < schedule.size(); i++) {
            ScenarioFile.Entry e = schedule.get(i);
            if (e.tsMillis() == Long.MIN_VALUE || e.raw()) {
                continue;
            }
            if (firstPace == Long.MIN_VALUE) {
                firstPace = pace[i];
            }
            long watermark = job.watermark(e.topic(), e.key());
            if (e.tsMillis() <= watermark) {
                widen(late, e.file() + " on " + e.topic(), e.tsMillis()).max(watermark);
            }
            long sentAt = speed > 0 ? now + (long) ((pace[i] - firstPace) / speed) : now;
            if (job.live() && e.tsMillis() - sentAt > job.maxFutureSkewMillis()) {
                widen(future, e.file(), e.tsMillis());
            }
        }
        StringBuilder b = new StringBuilder();
        late.forEach((what, r) -> b.append(String.format("%n  %d record(s) of %s from %s to %s would be dropped as late"
                + " (the job's event time there is up to %s)", r.count, what, iso(r.first), iso(r.last), iso(r.watermark))));
        future.forEach((file, r) -> b.append(String.format("%n  %d record(s) of %s from %s to %s would be refused as future:"
                        + " they would be sent more than %s ahead of the job's clock", r.count, file, iso(r.first), iso(r.last),
                RecordClock.describe(job.maxFutureSkewMillis()))));
        if (b.length() == 0) {
            return null;
        }
        return "the running job (" + job.jobName() + ") would drop records:" + b
                + "\n  --rebase recent moves the files by whole days to just before now (for accelerated replays);"
                + "\n  --rebase now moves them to start now (with --speed 1 they then arrive as live records).";
    }

    /** The records of one file (and topic) that have one problem: how many, their times. Not thread-safe. */
    private static final class Range {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long count;
        long watermark = Long.MIN_VALUE;

        Range max(long w) {
            watermark = Math.max(watermark, w);
            return this;
        }
    }

    private static Range widen(Map<String, Range> ranges, String key, long ts) {
        Range r = ranges.computeIfAbsent(key, k -> new Range());
        r.first = Math.min(r.first, ts);
        r.last = Math.max(r.last, ts);
        r.count++;
        return r;
    }

    private static String iso(long millis) {
        return millis == Long.MIN_VALUE ? "(none)" : IsoTimes.format(millis);
    }
}
