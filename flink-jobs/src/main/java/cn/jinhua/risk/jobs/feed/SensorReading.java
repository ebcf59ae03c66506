package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;

/**
 * A validated {@code risk.sensors} record: the sensor exists in the world, the value is finite,
 * the unit (when sent) matches the sensor's.
 *
 * @param tsMillis event time, epoch milliseconds
 * @param ts the timestamp as sent (for evidence)
 * @param unit the sensor's unit
 * @param partition source partition
 * @param offset source offset
 */
public record SensorReading(String sensorId, long tsMillis, String ts, double value, String unit,
                            int partition, long offset) implements Serializable {
}
