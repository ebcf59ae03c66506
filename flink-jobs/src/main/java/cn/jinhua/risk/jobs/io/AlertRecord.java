package cn.jinhua.risk.jobs.io;

import cn.jinhua.risk.jobs.alert.Alert;
import java.io.Serializable;

/**
 * An alert already serialized to its JSON ({@code docs/alerts.md} "Fields"), with the two fields
 * the sinks route by. Alerts are turned into this right where the topologies emit them, so no
 * shuffle ever has to serialize the alert's free-form maps generically. Immutable.
 */
public record AlertRecord(String id, String incidentKey, byte[] json) implements Serializable {

    public static AlertRecord of(Alert a) {
        return new AlertRecord(a.id(), a.incidentKey(), Json.alert(a));
    }
}
