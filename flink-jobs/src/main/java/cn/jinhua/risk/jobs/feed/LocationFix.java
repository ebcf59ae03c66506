package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A validated {@code risk.locations} record ({@code docs/feeds.md} "Topics and records"). Optional
 * numbers use sentinels instead of boxes so the per-fix hot path allocates nothing beyond the
 * record itself; Flink moves it with {@link LocationFixSerializer}.
 *
 * @param tsMillis event time, epoch milliseconds
 * @param ts the timestamp as sent (for evidence)
 * @param lat WGS84 latitude, degrees
 * @param lon WGS84 longitude, degrees
 * @param accuracyM horizontal accuracy in metres, {@code NaN} when not sent
 * @param source GPS, CELL or WIFI, null when not sent
 * @param batteryPct 0–100, -1 when not sent
 * @param partition the Kafka partition it was read from (for a dead letter raised downstream)
 * @param offset its Kafka offset, same purpose
 */
@TypeInfo(LocationFixTypeInfo.Factory.class)
public record LocationFix(String deviceId, long tsMillis, String ts, double lat, double lon, double accuracyM,
                          String source, int batteryPct, int partition, long offset) implements Serializable {

    public boolean hasAccuracy() {
        return !Double.isNaN(accuracyM);
    }

    /** Accuracy in metres, or null when not sent (for JSON output). */
    public Double accuracyOrNull() {
        return hasAccuracy() ? accuracyM : null;
    }
}
