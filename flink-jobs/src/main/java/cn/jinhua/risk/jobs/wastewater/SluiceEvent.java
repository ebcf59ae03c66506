package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.jobs.feed.SensorReading;
import cn.jinhua.risk.jobs.rules.plating.SluiceCloseRequest;
import java.io.Serializable;
import java.util.Objects;

/**
 * Input of the sluice watch: either a sluice position reading (% open) or an order to close the
 * sluice from an alert. A mutable POJO so that Flink uses its POJO serializer; not thread-safe.
 */
public class SluiceEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String POSITION = "POSITION";
    public static final String CLOSE_ORDER = "CLOSE_ORDER";

    /** {@link #POSITION} or {@link #CLOSE_ORDER}. */
    public String kind;
    public String sluiceId;
    /** Event time, epoch ms. */
    public long tsMillis;
    /** The time as sent (position) or as the alert states it (order). */
    public String ts;
    /** Position sensor id (position only). */
    public String sensorId;
    /** % open (position only). */
    public double pctOpen;
    /** Id and rule of the alert that ordered the closing (order only). */
    public String alertId;
    public String ruleId;

    public SluiceEvent() {
    }

    public static SluiceEvent position(String sluiceId, SensorReading r) {
        SluiceEvent e = new SluiceEvent();
        e.kind = POSITION;
        e.sluiceId = sluiceId;
        e.tsMillis = r.tsMillis();
        e.ts = r.ts();
        e.sensorId = r.sensorId();
        e.pctOpen = r.value();
        return e;
    }

    public static SluiceEvent closeOrder(SluiceCloseRequest r) {
        SluiceEvent e = new SluiceEvent();
        e.kind = CLOSE_ORDER;
        e.sluiceId = r.sluiceId();
        e.tsMillis = r.tsMillis();
        e.ts = r.ts();
        e.alertId = r.alertId();
        e.ruleId = r.ruleId();
        return e;
    }

    public boolean isPosition() {
        return POSITION.equals(kind);
    }

    public String getSluiceId() {
        return sluiceId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SluiceEvent e && Objects.equals(kind, e.kind) && Objects.equals(sluiceId, e.sluiceId)
                && tsMillis == e.tsMillis && Objects.equals(ts, e.ts) && Objects.equals(sensorId, e.sensorId)
                && pctOpen == e.pctOpen && Objects.equals(alertId, e.alertId) && Objects.equals(ruleId, e.ruleId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, sluiceId, tsMillis, alertId);
    }

    @Override
    public String toString() {
        return isPosition() ? sluiceId + "@" + ts + "=" + pctOpen + "%" : sluiceId + "@" + ts + " close (" + ruleId + ")";
    }
}
