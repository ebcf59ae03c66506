package cn.jinhua.risk.api.live;

import cn.jinhua.risk.api.store.BulkWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The persisted live stream: one document per publish, under its ordinal ({@link Numbering}), which
 * the document's creation claims for the whole cluster.
 */
public interface EventRepository {

    /** Another publish holds the ordinal these events were numbered under: they were not stored. */
    final class NumberTaken extends RuntimeException {
        private final transient List<BulkWriter.Result> alongside;

        public NumberTaken(long ordinal, List<BulkWriter.Result> alongside) {
            super("live event ordinal " + ordinal + " is taken", null, false, false);
            this.alongside = alongside;
        }

        /** The results of the writes made in the same request, which were made whatever the events' fate. */
        public List<BulkWriter.Result> alongside() {
            return alongside;
        }
    }

    /**
     * Stores events (numbered under one ordinal) as one write, creating the ordinal's document.
     *
     * @param keys what the events announce, for {@link #announced}: each event whose announcement
     *     must not be lost has one ({@link EventDraft#key()})
     * @throws NumberTaken when the ordinal's document exists already
     */
    default void append(List<LiveEvent> events, Collection<String> keys) {
        append(events, keys, List.of());
    }

    /**
     * Stores events as {@link #append(List, Collection)} does, and the other writes given in the same
     * request: one round trip and one translog sync per index instead of one after the other. With no
     * events, only the other writes.
     *
     * @return the other writes' results, in their order
     * @throws NumberTaken when the ordinal's document exists already (the other writes were made)
     * @throws RuntimeException when the events were not stored for another reason (the other writes
     *     may have been made)
     */
    List<BulkWriter.Result> append(List<LiveEvent> events, Collection<String> keys, List<BulkWriter.Item> alongside);

    /**
     * The events stored under each of these ordinals that has a document (an empty list for one
     * {@link #close closed}); real time: sees every write made, refreshed or not.
     */
    Map<Long, List<LiveEvent>> publishes(Collection<Long> ordinals);

    /**
     * Settles an ordinal that no publish has stored: stores it as empty unless one holds it by now.
     *
     * @return the events the ordinal holds from now on (empty when this call closed it)
     */
    List<LiveEvent> close(long ordinal);

    /**
     * Where a process starts.
     *
     * @param deliverFrom the first ordinal it delivers: at most {@code window} ordinals below the
     *     newest stored, so that a publish another process is still storing there is delivered, not
     *     missed; above every number of the stream's history
     * @param next the first ordinal above every one stored, for its first publish
     */
    record Start(long deliverFrom, long next) {
    }

    /** Where a starting process begins, looking at most {@code window} publishes back. */
    Start start(int window);

    /** Of these keys, those an append stored; sees every completed append. */
    Set<String> announced(Collection<String> keys);

    /**
     * Events numbered in {@code (afterSeq, upToSeq]}, ascending, at most {@code limit}; sees every
     * completed append.
     */
    List<LiveEvent> after(long afterSeq, long upToSeq, int limit);
}
