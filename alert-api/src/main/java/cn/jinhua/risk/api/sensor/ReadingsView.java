package cn.jinhua.risk.api.sensor;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A sensor's readings over a time range, oldest first.
 *
 * @param kind the sensor's kind (TANK_LEVEL, CREEK_LEVEL, ...)
 * @param siteId what the sensor measures (a pool, a plant's gate, a sluice, a station)
 * @param truncated true when the range held more than the answer's 10,000 readings (the newest are given)
 */
@Serdeable
public record ReadingsView(String sensorId, String kind, String unit, String siteId, String from, String to,
                           List<Point> readings, boolean truncated) {
    /** One reading: time (ISO-8601 with offset) and value in the sensor's unit. */
    @Serdeable
    public record Point(String ts, double value) {
    }
}
