package cn.jinhua.risk.jobs.feed;

import cn.jinhua.risk.contract.IsoTimes;

/** Human-readable rendering of event times in messages. Thread-safe. */
final class FeedTimes {
    private FeedTimes() {
    }

    static String iso(long millis) {
        if (millis == Long.MIN_VALUE) {
            return "(none yet)";
        }
        return IsoTimes.format(millis);
    }
}
