package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.store.BulkWriter;
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
    default void append(List<LiveEvent> events, Collection<String> keys) {
        append(events, keys, List.of());
    }

    /**
     * Stores events as one write, and the other writes given in the same request: one round trip
     * and one translog sync per index instead of one after the other. With no events, only the
     * other writes.
     *
     * @return the other writes' results, in their order
     * @throws RuntimeException when the events were not stored (the other writes may have been)
     */
    List<BulkWriter.Result> append(List<LiveEvent> events, Collection<String> keys, List<BulkWriter.Item> alongside);

    /** Of these keys, those an append stored; sees every completed append. */
    Set<String> announced(Collection<String> keys);

    /**
     * Events numbered in {@code (afterSeq, upToSeq]}, ascending, at most {@code limit}; sees every
     * completed append.
     */
    List<LiveEvent> after(long afterSeq, long upToSeq, int limit);
}
