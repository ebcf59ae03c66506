package cn.jinhua.risk.api.incident;

/**
 * A team's progress on one dispatch, in order: it only moves forward. RESOLVED (the team's work is
 * done) and FALSE_ALARM (nothing found) end it.
 */
public enum DispatchStatus {
    DISPATCHED, ACKNOWLEDGED, EN_ROUTE, ON_SCENE, RESOLVED, FALSE_ALARM;

    public boolean ended() {
        return this == RESOLVED || this == FALSE_ALARM;
    }

    /** The incident status this dispatch's progress implies. */
    IncidentStatus incidentProgress() {
        switch (this) {
            case DISPATCHED:
                return IncidentStatus.DISPATCHED;
            case ACKNOWLEDGED:
                return IncidentStatus.ACKNOWLEDGED;
            case EN_ROUTE:
                return IncidentStatus.EN_ROUTE;
            default:
                return IncidentStatus.ON_SCENE;
        }
    }
}
