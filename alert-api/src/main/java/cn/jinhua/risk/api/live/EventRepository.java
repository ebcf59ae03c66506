package cn.jinhua.risk.api.live;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The persisted live stream and its sequence. */
public interface EventRepository {

    /**
     * Reserves {@code size} sequence numbers for this process, atomically across processes.
     *
     * @return the first of them
     */
    long reserve(int size);

    /**
     * Stores events (their ids are their sequence numbers) as one write.
     *
     * @param keys what the events announce, for {@link #announced}: each event whose announcement
     *     must not be lost has one ({@link EventDraft#key()})
     */
    void append(List<LiveEvent> events, Collection<String> keys);

    /** Of these keys, those an append stored; sees every completed append. */
    Set<String> announced(Collection<String> keys);

    /**
     * Events numbered in {@code (afterSeq, upToSeq]}, ascending, at most {@code limit}; sees every
     * completed append.
     */
    List<LiveEvent> after(long afterSeq, long upToSeq, int limit);
}
