package cn.jinhua.risk.jobs.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/** Processing time that moves only when the test says so; due timers fire on the test's thread, as on the task thread. */
final class ManualTimers implements ProcessingTimeService {
    private record Timer(long at, ProcessingTimeCallback callback) {
    }

    private final List<Timer> pending = new ArrayList<>();
    private long now;

    @Override
    public long getCurrentProcessingTime() {
        return now;
    }

    /** The writer never cancels a timer, so no handle is needed. */
    @Override
    public ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback callback) {
        pending.add(new Timer(time, callback));
        return null;
    }

    int pending() {
        return pending.size();
    }

    void advance(long ms) throws Exception {
        now += ms;
        List<Timer> due = pending.stream().filter(t -> t.at() <= now).toList();
        pending.removeAll(due);
        for (Timer t : due) {
            t.callback().onProcessingTime(now);
        }
    }
}
