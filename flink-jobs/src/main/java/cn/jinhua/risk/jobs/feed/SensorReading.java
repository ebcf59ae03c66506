package cn.jinhua.risk.jobs.feed;

import java.io.Serializable;

/**
 * A {@code risk.sensors} record, valid against the feed contract (the value is finite). After the
 * sensor router ({@code wastewater.SensorRouter}) it is valid against the live world too: the
 * sensor exists and the unit, when sent, matches the sensor's.
 *
 * @param tsMillis event time, epoch milliseconds
 * @param ts the timestamp as sent (for evidence)
 * @param unit as sent (null when absent) until the sensor router, then the sensor's unit
 * @param partition source partition
 * @param offset source offset
 */
public record SensorReading(String sensorId, long tsMillis, String ts, double value, String unit,
                            int partition, long offset) implements Serializable {
}
