package cn.jinhua.risk.api.sensor;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One sensor reading as stored and served: the job publishes readings downsampled per sensor
 * ({@code risk.readings}). Immutable.
 *
 * @param ts time of the reading, ISO-8601 with offset
 * @param value in the sensor's unit
 */
@Serdeable
public record Reading(String sensorId, String ts, double value) {
}
