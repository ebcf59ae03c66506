package cn.jinhua.risk.api.dispatch;

/**
 * A team's progress on one dispatch, in order: it only moves forward ({@link Dispatch#moveTo}).
 * RESOLVED (the team's work is done) and FALSE_ALARM (nothing found) end it.
 */
public enum DispatchStatus {
    DISPATCHED, ACKNOWLEDGED, EN_ROUTE, ON_SCENE, RESOLVED, FALSE_ALARM;

    public boolean ended() {
        return this == RESOLVED || this == FALSE_ALARM;
    }
}
