package cn.jinhua.risk.jobs.lostperson;

/** What the lost-person rules ask of the keyed operator that hosts them: event-time timers of the current key. */
interface HikerTimers {
    /**
     * Queues a transition for Esper: it waits in {@code s} for a timer at its own event time
     * {@code ts}; a due time other than 0 also gets a timer.
     */
    void queue(HikerState s, long kind, long ts, long armId, long dueAt);

    /** A timer of the current key at {@code time}. */
    void wakeAt(long time);
}
