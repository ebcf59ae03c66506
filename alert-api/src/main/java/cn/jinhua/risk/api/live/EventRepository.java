package cn.jinhua.risk.api.live;

import java.util.List;

/** The persisted live stream and its sequence. */
public interface EventRepository {

    /**
     * Reserves {@code size} sequence numbers for this process, atomically across processes.
     *
     * @return the first of them
     */
    long reserve(int size);

    /** Stores events (their ids are their sequence numbers). */
    void append(List<LiveEvent> events);

    /**
     * Events numbered in {@code (afterSeq, upToSeq]}, ascending, at most {@code limit}; sees every
     * completed append.
     */
    List<LiveEvent> after(long afterSeq, long upToSeq, int limit);
}
