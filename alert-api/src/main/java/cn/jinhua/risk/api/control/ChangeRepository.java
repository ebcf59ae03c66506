package cn.jinhua.risk.api.control;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record of live changes and their verdicts, one document per change id. A change and its
 * verdict are written separately, in either order, and each write is idempotent, so reading the
 * topics again records nothing twice.
 */
public interface ChangeRepository {

    /** Records a change as sent (everything but its verdict). */
    void recordChange(ControlChange change);

    /**
     * Records what the follower read in one batch, in one request: changes as sent and verdicts by
     * change id.
     */
    void record(List<ControlChange> changes, Map<String, Verdict> verdicts);

    Optional<ControlChange> find(String changeId);

    /**
     * Changes newest first (by the time they were made).
     *
     * @param ruleIds only changes of these rules, null for any
     * @param features only world changes (true), only rule changes (false), or both (null)
     * @param limit at most this many
     */
    List<ControlChange> newest(List<String> ruleIds, Boolean features, int limit);

    /**
     * Every change read from the topic whose kind is about rules ({@code world} false) or about the
     * world ({@code world} true), in the order the job decides them within each subject: by
     * partition and offset.
     */
    List<ControlChange> inTopicOrder(boolean world);
}
