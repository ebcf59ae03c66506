package cn.jinhua.risk.api.incident;

/**
 * The incident lifecycle ({@code docs/api.md} "Lifecycle"), in order: an incident only moves forward; RESOLVED and
 * FALSE_ALARM close it (a later alert with the same key opens a new incident).
 */
public enum IncidentStatus {
    NEW, DISPATCHED, ACKNOWLEDGED, EN_ROUTE, ON_SCENE, RESOLVED, FALSE_ALARM;

    public boolean closed() {
        return this == RESOLVED || this == FALSE_ALARM;
    }
}
