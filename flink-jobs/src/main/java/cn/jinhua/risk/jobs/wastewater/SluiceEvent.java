package cn.jinhua.risk.jobs.wastewater;

import cn.jinhua.risk.jobs.feed.SensorReading;
import java.io.Serializable;

/**
 * Input of the sluice watch: either a sluice position reading (% open) or an order to close the
 * sluice from an alert. Immutable: the watch keeps these in heap state, where a mutable object
 * that a reusing deserializer refills (the job runs with object reuse) would change under it.
 *
 * @param kind {@link #POSITION} or {@link #CLOSE_ORDER}
 * @param tsMillis event time, epoch ms
 * @param ts the time as sent (position) or as the alert states it (order)
 * @param sensorId position sensor id (position only)
 * @param pctOpen % open (position only, 0 for orders)
 * @param alertId id of the alert that ordered the closing (order only)
 * @param ruleId rule of that alert (order only)
 * @param partition, offset where the position reading was read from Kafka (-1 for orders)
 */
public record SluiceEvent(String kind, String sluiceId, long tsMillis, String ts, String sensorId, double pctOpen,
                          String alertId, String ruleId, int partition, long offset) implements Serializable {
    public static final String POSITION = "POSITION";
    public static final String CLOSE_ORDER = "CLOSE_ORDER";

    public static SluiceEvent position(String sluiceId, SensorReading r) {
        return new SluiceEvent(POSITION, sluiceId, r.tsMillis(), r.ts(), r.sensorId(), r.value(), null, null, r.partition(),
                r.offset());
    }

    public static SluiceEvent closeOrder(SluiceCloseRequest r) {
        return new SluiceEvent(CLOSE_ORDER, r.sluiceId(), r.tsMillis(), r.ts(), null, 0.0, r.alertId(), r.ruleId(), -1, -1);
    }

    public boolean isPosition() {
        return POSITION.equals(kind);
    }
}
