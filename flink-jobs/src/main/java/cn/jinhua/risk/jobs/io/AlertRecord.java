package cn.jinhua.risk.jobs.io;

import java.io.Serializable;

/**
 * An alert already serialized to its JSON ({@code docs/alerts.md} "Fields"), with what the sinks
 * route and deliver by: its id, its incident key, and whether it is CRITICAL (the HTTP push sends
 * those at once). Alerts are turned into this right where the topologies emit them, so no shuffle
 * ever has to serialize the alert's free-form maps generically ({@link AlertsToJson}). Immutable.
 */
public record AlertRecord(String id, String incidentKey, byte[] json, boolean critical) implements Serializable {

    public AlertRecord(String id, String incidentKey, byte[] json) {
        this(id, incidentKey, json, false);
    }

    /** The same alert with other JSON (a trimmed one). */
    AlertRecord withJson(byte[] other) {
        return new AlertRecord(id, incidentKey, other, critical);
    }
}
