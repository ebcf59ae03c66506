package cn.jinhua.risk.replay;

import cn.jinhua.risk.contract.IsoTimes;
import cn.jinhua.risk.jobs.feed.RecordClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before anything is sent: would the running job drop any record of the files, as late (at or
 * behind the event time its router for the record's topic has reached) or as future (stamped more
 * than the job's maximum skew ahead of the wall clock at the moment the paced replay sends it)?
 * Stateless.
 */
final class ReplayCheck {
    private ReplayCheck() {
    }

    /** The refusal, naming file and time range per problem; null when the job would take every record. */
    static String refusal(List<ScenarioFile.Entry> schedule, long[] pace, double speed, long now, JobClock job) {
        Map<String, long[]> late = new LinkedHashMap<>();
        Map<String, long[]> future = new LinkedHashMap<>();
        long firstPace = Long.MIN_VALUE;
        for (int i = 0; i < schedule.size(); i++) {
            ScenarioFile.Entry e = schedule.get(i);
            if (e.tsMillis() == Long.MIN_VALUE || e.raw()) {
                continue;
            }
            if (firstPace == Long.MIN_VALUE) {
                firstPace = pace[i];
            }
            Long watermark = job.watermarkByTopic().get(e.topic());
            if (watermark != null && e.tsMillis() <= watermark) {
                widen(late, e.file() + " on " + e.topic() + " (the job's event time there is " + iso(watermark) + ")", e.tsMillis());
            }
            long sentAt = speed > 0 ? now + (long) ((pace[i] - firstPace) / speed) : now;
            if (job.live() && e.tsMillis() - sentAt > job.maxFutureSkewMillis()) {
                widen(future, e.file(), e.tsMillis());
            }
        }
        StringBuilder b = new StringBuilder();
        late.forEach((what, range) -> b.append(String.format("%n  %d record(s) of %s from %s to %s would be dropped as late",
                range[2], what, iso(range[0]), iso(range[1]))));
        future.forEach((file, range) -> b.append(String.format("%n  %d record(s) of %s from %s to %s would be refused as future:"
                        + " they would be sent more than %s ahead of the job's clock", range[2], file, iso(range[0]), iso(range[1]),
                RecordClock.describe(job.maxFutureSkewMillis()))));
        if (b.length() == 0) {
            return null;
        }
        return "the running job (" + job.jobName() + ") would drop records:" + b
                + "\n  --rebase recent moves the files by whole days to just before now (for accelerated replays);"
                + "\n  --rebase now moves them to start now (with --speed 1 they then arrive as live records).";
    }

    private static void widen(Map<String, long[]> ranges, String key, long ts) {
        long[] r = ranges.computeIfAbsent(key, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
        r[0] = Math.min(r[0], ts);
        r[1] = Math.max(r[1], ts);
        r[2]++;
    }

    private static String iso(long millis) {
        return millis == Long.MIN_VALUE ? "(none)" : IsoTimes.format(millis);
    }
}
