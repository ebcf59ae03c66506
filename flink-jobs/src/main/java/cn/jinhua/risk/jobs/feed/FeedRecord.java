package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;

/**
 * One Kafka record of any of the three feeds, parsed and validated once at the source: exactly one
 * of {@code location}, {@code call}, {@code sensor} is set when the record is valid, otherwise
 * {@code reject} says why. The raw bytes travel only as far as the router that splits the feeds
 * (rejects and late records need them for the dead-letter queue); they are dropped before any
 * network shuffle.
 *
 * @param tsMillis event time, epoch milliseconds; {@link Long#MIN_VALUE} for rejects, so they never
 *     advance the watermark
 */
public record FeedRecord(String topic, int partition, long offset, byte[] raw, long tsMillis,
                         LocationFix location, EmergencyCall call, SensorReading sensor, Reject reject)
        implements Serializable {

    /** Why a record was refused: a stable code (for counting) and a human-readable detail. */
    public record Reject(String reason, String detail) implements Serializable {
    }

    public boolean valid() {
        return reject == null;
    }

    /** The record's subject (deviceId, callId, sensorId), or null for a reject. */
    public String subject() {
        if (location != null) {
            return location.deviceId();
        }
        if (call != null) {
            return call.callId();
        }
        return sensor != null ? sensor.sensorId() : null;
    }
}
