package cn.jinhua.risk.api.alert;

import java.time.Instant;

/**
 * A validated alert as received, with what grouping it into an incident needs beyond the contract.
 *
 * @param eventTime the alert's eventTime, parsed
 */
public record IncomingAlert(Alert alert, Instant eventTime) {

    public String id() {
        return alert.id();
    }

    public String incidentKey() {
        return alert.incidentKey();
    }

    /** Where responders should go: the last known position when the alert has one, else its location. */
    public Position target() {
        LastKnownPosition p = alert.lastKnownPosition();
        return p == null ? alert.location() : new Position(p.lat(), p.lon());
    }
}
